using FaceCluster.Configuration;
using FaceCluster.Storage;

namespace FaceCluster.Cli;

/// <summary>
/// A library as a command works on it: the store, the run lock when the command writes, and the profile it uses.
/// Disposing closes the store before the lock is released, so the next run never sees a half-closed database.
/// </summary>
public sealed class OpenLibrary(LibraryLocation location, IFaceStore store, ILibraryLock? runLock, string profileName, FaceClusterSettings settings) : IDisposable
{
    /// <summary>Where the library lives; derived files (the HNSW index) are named after its <see cref="LibraryLocation.SidecarBase"/>.</summary>
    public LibraryLocation Location { get; } = location;

    public IFaceStore Store { get; } = store;

    /// <summary><c>--profile</c>, else the configured default.</summary>
    public string ProfileName { get; } = profileName;

    /// <summary>Resolved (and validated) only when a command needs it: listing the people of a profile needs no models.</summary>
    public ModelProfile Profile => settings.GetProfile(ProfileName);

    public void Dispose()
    {
        Store.Dispose();
        runLock?.Dispose();
    }
}
