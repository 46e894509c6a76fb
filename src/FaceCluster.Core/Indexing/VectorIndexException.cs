namespace FaceCluster.Indexing;

/// <summary>The native index refused an operation (out of memory, duplicate key, unreadable or mismatched file).</summary>
public sealed class VectorIndexException(string message, Exception? inner = null) : Exception(message, inner);
