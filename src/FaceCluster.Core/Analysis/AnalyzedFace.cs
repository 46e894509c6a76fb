using FaceCluster.Detection;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>A face found in a photo with its landmarks, quality estimate and embedding.</summary>
public sealed record AnalyzedFace(FaceBox Box, float Score, float Quality, FaceLandmarks Landmarks, float[] Embedding);
