using FaceCluster.Configuration;
using FaceCluster.Storage.Postgres;

namespace FaceCluster.Storage;

/// <summary>The one place a library's backend is chosen: every command opens its store and its lock here.</summary>
public static class LibraryStores
{
    /// <summary>Opens the library; one that does not exist yet is created only when <paramref name="mayCreate"/>.</summary>
    public static IFaceStore Open(LibraryLocation location, bool mayCreate)
    {
        if (location.IsServer)
        {
            return PostgresFaceStore.Open(location.Target, mayCreate);
        }

        if (!mayCreate && !File.Exists(location.Target))
        {
            throw new ConfigurationException($"no library database at {location.Target} (run 'facecluster ingest' first)");
        }

        return SqliteFaceStore.Open(location.Target);
    }

    /// <summary>
    /// Takes the library lock. <paramref name="shared"/> asks for a hold several runs may have at once (ingest workers);
    /// an SQLite library has one writer, so there it is exclusive all the same.
    /// </summary>
    public static ILibraryLock Lock(LibraryLocation location, string purpose, bool shared) =>
        location.IsServer
            ? PostgresAdvisoryLock.Acquire(location.Target, purpose, shared)
            : LibraryLock.Acquire(location.Target, purpose);
}
