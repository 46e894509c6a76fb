using FaceCluster.Detection;

namespace FaceCluster.Storage;

/// <summary>A face read back from the library with its unit-length embedding.</summary>
public sealed record StoredFace(long Id, long PhotoId, string PhotoPath, FaceBox Box, float Score, float[] Embedding);
