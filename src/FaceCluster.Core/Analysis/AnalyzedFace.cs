using FaceCluster.Detection;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>A face found in a photo with its landmarks and its unit-length embedding.</summary>
public sealed record AnalyzedFace(FaceBox Box, float Score, FaceLandmarks Landmarks, float[] Embedding);
