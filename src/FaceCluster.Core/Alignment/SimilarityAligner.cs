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
        var samples = taps * taps;
        var normalization = _format.Normalization;
        var nchw = _format.Layout == TensorLayout.Nchw;
        var (first, last) = _format.Bgr ? (2, 0) : (0, 2);
        Span<double> tapOffsets = stackalloc double[taps];
        for (var t = 0; t < taps; t++)
        {
            tapOffsets[t] = (t + 0.5) / taps;
        }

        for (var oy = 0; oy < size; oy++)
        {
            for (var ox = 0; ox < size; ox++)
            {
                var rgb = default(Rgb);
                for (var ty = 0; ty < taps; ty++)
                {
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (x, y) = toImage.Apply(ox + tapOffsets[tx] - 0.5, oy + tapOffsets[ty] - 0.5);
                        AddBilinear(image, x, y, ref rgb);
                    }
                }

                var at = nchw ? oy * size + ox : (oy * size + ox) * 3;
                var step = nchw ? plane : 1;
                destination[at + first * step] = normalization.Apply(rgb.R / samples, 0);
                destination[at + step] = normalization.Apply(rgb.G / samples, 1);
                destination[at + last * step] = normalization.Apply(rgb.B / samples, 2);
            }
        }
    }

    /// <summary>
    /// Adds the bilinear sample at (x, y) to <paramref name="rgb"/>. Inside the photo (nearly every sample) the four
    /// neighbours are read without per-pixel bounds checks; the arithmetic is the same either way.
    /// </summary>
    private static void AddBilinear(RgbImage image, double x, double y, ref Rgb rgb)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var pixels = image.Pixels;
        if ((uint)x0 < (uint)(image.Width - 1) && (uint)y0 < (uint)(image.Height - 1))
        {
            var stride = image.Width * 3;
            var top = pixels.Slice((y0 * image.Width + x0) * 3, 6);
            var bottom = pixels.Slice((y0 * image.Width + x0) * 3 + stride, 6);
            rgb.R += Lerp(Lerp(top[0], top[3], fx), Lerp(bottom[0], bottom[3], fx), fy);
            rgb.G += Lerp(Lerp(top[1], top[4], fx), Lerp(bottom[1], bottom[4], fx), fy);
            rgb.B += Lerp(Lerp(top[2], top[5], fx), Lerp(bottom[2], bottom[5], fx), fy);
            return;
        }

        rgb.R += Lerp(Lerp(At(image, pixels, x0, y0, 0), At(image, pixels, x0 + 1, y0, 0), fx), Lerp(At(image, pixels, x0, y0 + 1, 0), At(image, pixels, x0 + 1, y0 + 1, 0), fx), fy);
        rgb.G += Lerp(Lerp(At(image, pixels, x0, y0, 1), At(image, pixels, x0 + 1, y0, 1), fx), Lerp(At(image, pixels, x0, y0 + 1, 1), At(image, pixels, x0 + 1, y0 + 1, 1), fx), fy);
        rgb.B += Lerp(Lerp(At(image, pixels, x0, y0, 2), At(image, pixels, x0 + 1, y0, 2), fx), Lerp(At(image, pixels, x0, y0 + 1, 2), At(image, pixels, x0 + 1, y0 + 1, 2), fx), fy);
    }

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    // Outside the photo reads as black, like OpenCV's warpAffine with its default constant border.
    private static float At(RgbImage image, ReadOnlySpan<byte> pixels, int x, int y, int c) =>
        x < 0 || y < 0 || x >= image.Width || y >= image.Height ? 0f : pixels[(y * image.Width + x) * 3 + c];

    /// <summary>A pixel's channel sums over its taps.</summary>
    private struct Rgb
    {
        public float R;
        public float G;
        public float B;
    }
}
