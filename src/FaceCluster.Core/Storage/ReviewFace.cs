using FaceCluster.Detection;

namespace FaceCluster.Storage;

/// <summary>A face as the review shows it: where it is, and the photo's content hash (thumbnails are cached by it).</summary>
public sealed record ReviewFace(long Id, long PhotoId, string PhotoPath, string? PhotoHash, FaceBox Box, long? PersonId);
