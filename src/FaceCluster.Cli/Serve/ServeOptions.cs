using FaceCluster.Grouping;

namespace FaceCluster.Cli.Serve;

/// <summary>What the review server works on: one library and profile, where it listens, and its access token.</summary>
public sealed record ServeOptions(string Database, string Profile, string Host, int Port, int PageSize, string Token, GroupingOptions Grouping)
{
    /// <summary>Face thumbnails are cached beside the library, keyed by face id and photo content.</summary>
    public string ThumbnailDirectory => Database + ".thumbs";
}
