namespace FaceCluster.Storage;

/// <summary>Another run holds the library.</summary>
public sealed class LibraryLockedException(string message) : Exception(message);
