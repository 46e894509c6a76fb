namespace FaceCluster.Models;

/// <summary>A model file is missing, truncated, corrupt, has the wrong checksum or the wrong shapes.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
