using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// Warps the face so its landmarks (by default the five ArcFace points) land on a template (ArcFace/MobileFaceNet/FaceNet-style alignment). Each output
/// pixel is mapped back into the photo and sampled bilinearly; when the face is much larger than the output, a box of
/// samples over the pixel's footprint is averaged so large faces in 12-megapixel photos do not alias.
/// </summary>
public sealed class SimilarityAligner : IFaceAligner
{
    private readonly InputFormat _format;
    private readonly Point2[] _template;

    private readonly Func<FaceLandmarks, FaceLandmarks> _points;

    /// <param name="points">Picks the landmarks that correspond to the template's points (default: the five ArcFace points).</param>
    public SimilarityAligner(InputFormat format, IReadOnlyList<float[]> template, Func<FaceLandmarks, FaceLandmarks>? points = null)
    {
        _format = format;
        _template = template.Select(p => new Point2(p[0], p[1])).ToArray();
        _points = points ?? FivePointLandmarks.From;
    }

    public int Size => _format.Size;

    public void Align(RgbImage image, FaceBox box, FaceLandmarks landmarks, Span<float> destination)
    {
        var points = _points(landmarks).Points.AsSpan();
        var toImage = SimilarityTransform.Estimate(_template, points);
        var taps = Math.Clamp((int)Math.Ceiling(toImage.Scale), 1, 4);
        var size = _format.Size;
        var plane = size * size;
        Span<float> rgb = stackalloc float[3];
        for (var oy = 0; oy < size; oy++)
        {
            for (var ox = 0; ox < size; ox++)
            {
                rgb.Clear();
                for (var ty = 0; ty < taps; ty++)
                {
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (x, y) = toImage.Apply(ox + (tx + 0.5) / taps - 0.5, oy + (ty + 0.5) / taps - 0.5);
                        AddBilinear(image, x, y, rgb);
                    }
                }

                for (var c = 0; c < 3; c++)
                {
                    var value = _format.Normalization.Apply(rgb[c] / (taps * taps), c);
                    var channel = _format.Bgr ? 2 - c : c;
                    destination[_format.Layout == TensorLayout.Nchw ? channel * plane + oy * size + ox : (oy * size + ox) * 3 + channel] = value;
                }
            }
        }
    }

    private static void AddBilinear(RgbImage image, double x, double y, Span<float> rgb)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var pixels = image.Pixels;
        for (var c = 0; c < 3; c++)
        {
            var top = Lerp(At(image, pixels, x0, y0, c), At(image, pixels, x0 + 1, y0, c), fx);
            var bottom = Lerp(At(image, pixels, x0, y0 + 1, c), At(image, pixels, x0 + 1, y0 + 1, c), fx);
            rgb[c] += Lerp(top, bottom, fy);
        }
    }

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    // Outside the photo reads as black, like OpenCV's warpAffine with its default constant border.
    private static float At(RgbImage image, ReadOnlySpan<byte> pixels, int x, int y, int c) =>
        x < 0 || y < 0 || x >= image.Width || y >= image.Height ? 0f : pixels[(y * image.Width + x) * 3 + c];
}
