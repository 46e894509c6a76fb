using System.Collections.Immutable;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// The five alignment points used by ArcFace-style templates, in image order: eye on the image's left, eye on the
/// image's right, nose tip, mouth corner on the left, mouth corner on the right.
/// </summary>
public static class FivePointLandmarks
{
    public static FaceLandmarks From(FaceLandmarks landmarks) => landmarks.Count switch
    {
        5 => landmarks,
        68 => new FaceLandmarks(ImmutableArray.Create(
            landmarks.Centroid(36, 6),
            landmarks.Centroid(42, 6),
            landmarks.Points[30],
            landmarks.Points[48],
            landmarks.Points[54])),
        _ => throw new ArgumentException($"Cannot derive five alignment points from {landmarks.Count} landmarks.", nameof(landmarks)),
    };
}
