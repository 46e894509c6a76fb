using System.Collections.Immutable;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// dlib's 5-point face chip template (dlib/image_transforms/interpolation.h, get_face_chip_details) and the matching
/// points of a 68-point shape: image-right eye outer and inner corner, image-left eye outer and inner corner, nose base.
/// </summary>
public static class DlibFaceChip
{
    private static readonly (double X, double Y)[] Mean =
    [
        (0.8595674595992, 0.2134981538014),
        (0.6460604764104, 0.2289674387677),
        (0.1205750620789, 0.2137274526848),
        (0.3340850613712, 0.2290642403242),
        (0.4901123135679, 0.6277975316475),
    ];

    /// <summary>The template in chip pixels: p' = (padding + p) / (1 + 2·padding) · size, as dlib maps it.</summary>
    public static float[][] Template(int size, float padding) =>
        Mean.Select(p => new[] { (float)((padding + p.X) / (1 + 2 * padding) * size), (float)((padding + p.Y) / (1 + 2 * padding) * size) }).ToArray();

    public static FaceLandmarks FromLandmarks68(FaceLandmarks landmarks) => landmarks.Count == 68
        ? new FaceLandmarks(ImmutableArray.Create(landmarks.Points[45], landmarks.Points[42], landmarks.Points[36], landmarks.Points[39], landmarks.Points[33]))
        : throw new ArgumentException($"dlib's face chip needs 68 landmarks, got {landmarks.Count}.", nameof(landmarks));
}
