using System.Collections.Immutable;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// dlib's face chip for a 68-point shape (dlib/image_transforms/interpolation.h, get_face_chip_details): a similarity
/// fit of 33 landmarks (nose, eyes, outer and upper-inner lips; eyebrows and lower lip left out) onto dlib's mean face.
/// Fitting 33 points rather than 5 averages out the noise of any single landmark.
/// </summary>
public static class DlibFaceChip
{
    /// <summary>dlib's mean_face_shape for the points it uses, as (landmark index, x, y) in the unit square.</summary>
    private static readonly (int Index, double X, double Y)[] MeanFace =
    [
        (27, 0.490127, 0.203352), (28, 0.490127, 0.307009), (29, 0.490127, 0.409805), (30, 0.490127, 0.515625),
        (31, 0.36688, 0.587326), (32, 0.426036, 0.609345), (33, 0.490127, 0.628106), (34, 0.554217, 0.609345),
        (35, 0.613373, 0.587326), (36, 0.121737, 0.216423), (37, 0.187122, 0.178758), (38, 0.265825, 0.179852),
        (39, 0.334606, 0.231733), (40, 0.260918, 0.245099), (41, 0.182743, 0.244077), (42, 0.645647, 0.231733),
        (43, 0.714428, 0.179852), (44, 0.793132, 0.178758), (45, 0.858516, 0.216423), (46, 0.79751, 0.244077),
        (47, 0.719335, 0.245099), (48, 0.254149, 0.780233), (49, 0.340985, 0.745405), (50, 0.428858, 0.727388),
        (51, 0.490127, 0.742578), (52, 0.551395, 0.727388), (53, 0.639268, 0.745405), (54, 0.726104, 0.780233),
        (60, 0.290379, 0.784792), (61, 0.428096, 0.778746), (62, 0.490127, 0.785343), (63, 0.552157, 0.778746),
        (64, 0.689874, 0.784792),
    ];

    /// <summary>The template in chip pixels: p' = (padding + p) / (1 + 2·padding) · size, as dlib maps it.</summary>
    public static float[][] Template(int size, float padding) =>
        MeanFace.Select(p => new[] { (float)((padding + p.X) / (1 + 2 * padding) * size), (float)((padding + p.Y) / (1 + 2 * padding) * size) }).ToArray();

    /// <summary>The landmarks matching <see cref="Template"/>'s points, in its order.</summary>
    public static FaceLandmarks TemplatePoints(FaceLandmarks landmarks) => landmarks.Count == 68
        ? new FaceLandmarks(MeanFace.Select(p => landmarks.Points[p.Index]).ToImmutableArray())
        : throw new ArgumentException($"dlib's face chip needs 68 landmarks, got {landmarks.Count}.", nameof(landmarks));
}
