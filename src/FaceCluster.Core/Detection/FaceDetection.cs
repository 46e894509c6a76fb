using FaceCluster.Landmarks;

namespace FaceCluster.Detection;

/// <summary>One detected face. Detectors that also predict landmarks (e.g. YuNet's five points) fill <see cref="Landmarks"/>.</summary>
public sealed record FaceDetection(FaceBox Box, float Score, FaceLandmarks? Landmarks = null);
