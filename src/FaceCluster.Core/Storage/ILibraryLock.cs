namespace FaceCluster.Storage;

/// <summary>A run's hold on a library (a file lock for SQLite, an advisory lock for PostgreSQL), released on dispose.</summary>
public interface ILibraryLock : IDisposable
{
    /// <summary>Set when a previous run died holding the library and its hold was taken over.</summary>
    string? TakenOverFrom { get; }
}
