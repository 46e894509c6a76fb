using FaceCluster.Grouping;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Serve;

/// <summary>What the review server works on: one library and profile, where it listens, and its access token.</summary>
public sealed record ServeOptions(LibraryLocation Location, string Profile, string Host, int Port, int PageSize, string Token, GroupingOptions Grouping)
{
    /// <summary>
    /// Face thumbnails are cached beside the library's derived files (beside an SQLite file; in the user's cache folder
    /// for PostgreSQL), keyed by face id and photo content.
    /// </summary>
    public string ThumbnailDirectory => Location.SidecarBase + ".thumbs";
}
