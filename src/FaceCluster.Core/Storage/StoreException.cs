namespace FaceCluster.Storage;

/// <summary>The library database cannot be opened, is corrupt, or is newer than this program.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
