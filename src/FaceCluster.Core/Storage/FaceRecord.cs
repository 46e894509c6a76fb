using FaceCluster.Detection;
using FaceCluster.Landmarks;

namespace FaceCluster.Storage;

/// <summary>A face to store: detection, landmarks, a quality estimate and its embedding under a model profile.</summary>
public sealed record FaceRecord(FaceBox Box, float Score, float Quality, FaceLandmarks Landmarks, float[] Embedding)
{
    /// <summary>The name another tool gave this face (an XMP region over it); stored as a named person.</summary>
    public string? Name { get; init; }
}
