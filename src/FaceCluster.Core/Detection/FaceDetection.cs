using FaceCluster.Landmarks;

namespace FaceCluster.Detection;

/// <summary>
/// One detected face. Detectors that also predict landmarks (e.g. YuNet's five points) fill <see cref="Landmarks"/>.
/// <see cref="QuarterTurns"/> says how many quarter turns clockwise the photo needed for the face to be found upright
/// (a photo turned without an orientation tag); <see cref="Box"/> is always in the photo's own frame.
/// </summary>
public sealed record FaceDetection(FaceBox Box, float Score, FaceLandmarks? Landmarks = null, int QuarterTurns = 0);
