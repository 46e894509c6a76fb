using FaceCluster.Alignment;
using FaceCluster.Imaging;

namespace FaceCluster.Embedding;

/// <summary>
/// dlib's test-time jittering (<c>compute_face_descriptor(..., num_jitters)</c>, which averages the descriptors of
/// <c>jitter_image</c> copies of the face chip): each view is the aligned face rotated by up to ±3°, zoomed in by 0–3 %,
/// shifted by up to 2 % of its size, and mirrored half of the time. The views are drawn once from a fixed seed and
/// applied to every face, so a face always gets the same embedding (re-runs and resumed runs agree).
/// </summary>
/// <remarks>
/// Works on the packed model input (any size, layout or normalisation), resampling it bilinearly; pixels that come from
/// outside the chip read as black, as dlib's chip extraction fills them.
/// </remarks>
public sealed class FaceJitter
{
    private const double MaxRotationDegrees = 3;
    private const double MinObjectHeight = 0.97;
    private const double MaxObjectHeight = 0.99999;
    private const double TranslateAmount = 0.02;
    private const int Border = 3;

    private readonly View[] _views;
    private readonly int _size;
    private readonly TensorLayout _layout;
    private readonly float[] _black = new float[3];

    public FaceJitter(int count, InputFormat format, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _size = format.Size;
        _layout = format.Layout;
        for (var c = 0; c < 3; c++)
        {
            // Tensor channel c holds colour channel c, or 2 - c when the model takes BGR.
            _black[c] = format.Normalization.Apply(0, format.Bgr ? 2 - c : c);
        }

        var random = new Random(seed);
        _views = Enumerable.Range(0, count).Select(_ => View.Draw(random, _size)).ToArray();
    }

    public int Count => _views.Length;

    /// <summary>Where view <paramref name="view"/>'s output pixel (<paramref name="u"/>, <paramref name="v"/>) samples the chip.</summary>
    internal (double X, double Y) SourceOf(int view, int u, int v) => _views[view].Source(u, v);

    /// <summary>Writes view <paramref name="view"/> of the packed face <paramref name="face"/> into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> face, int view, Span<float> destination)
    {
        var length = 3 * _size * _size;
        ArgumentOutOfRangeException.ThrowIfLessThan(face.Length, length);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length);
        var v = _views[view];
        var plane = _size * _size;
        // Offsets of a pixel's channels and of its right and lower neighbours, in either layout.
        var (pixelStep, channelStep) = _layout == TensorLayout.Nchw ? (1, plane) : (3, 1);
        var rowStep = _size * pixelStep;
        for (var oy = 0; oy < _size; oy++)
        {
            for (var ox = 0; ox < _size; ox++)
            {
                var (x, y) = v.Source(ox, oy);
                var x0 = (int)Math.Floor(x);
                var y0 = (int)Math.Floor(y);
                var fx = (float)(x - x0);
                var fy = (float)(y - y0);
                var at = oy * rowStep + ox * pixelStep;
                if ((uint)x0 < (uint)(_size - 1) && (uint)y0 < (uint)(_size - 1))
                {
                    // Inside the chip (nearly every pixel: the views turn and shift it only slightly): no bounds tests.
                    var from = y0 * rowStep + x0 * pixelStep;
                    for (var c = 0; c < 3; c++)
                    {
                        var p = from + c * channelStep;
                        var top = Lerp(face[p], face[p + pixelStep], fx);
                        var bottom = Lerp(face[p + rowStep], face[p + rowStep + pixelStep], fx);
                        destination[at + c * channelStep] = Lerp(top, bottom, fy);
                    }

                    continue;
                }

                var nchw = _layout == TensorLayout.Nchw;
                for (var c = 0; c < 3; c++)
                {
                    var top = Lerp(Sample(face, x0, y0, c, nchw, plane), Sample(face, x0 + 1, y0, c, nchw, plane), fx);
                    var bottom = Lerp(Sample(face, x0, y0 + 1, c, nchw, plane), Sample(face, x0 + 1, y0 + 1, c, nchw, plane), fx);
                    destination[at + c * channelStep] = Lerp(top, bottom, fy);
                }
            }
        }
    }

    private float Sample(ReadOnlySpan<float> face, int x, int y, int c, bool nchw, int plane) =>
        (uint)x >= (uint)_size || (uint)y >= (uint)_size
            ? _black[c]
            : face[nchw ? c * plane + y * _size + x : (y * _size + x) * 3 + c];

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;

    /// <summary>Output pixel (u, v) samples the chip at (A·u + B·v + C, D·u + E·v + F).</summary>
    private readonly record struct View(double A, double B, double C, double D, double E, double F)
    {
        public (double X, double Y) Source(int u, int v) => (A * u + B * v + C, D * u + E * v + F);

        /// <summary>
        /// jitter_image's draw: a square crop of the chip less a 3-pixel border, moved by up to 2 % of its side, enlarged
        /// by 1/U(0.97, 0.99999), turned by U(−3°, 3°), then mirrored with probability ½.
        /// </summary>
        public static View Draw(Random random, int size)
        {
            double Uniform(double low, double high) => low + (high - low) * random.NextDouble();
            var inner = size - 2.0 * Border;
            var shiftX = Uniform(-TranslateAmount, TranslateAmount) * inner;
            var shiftY = Uniform(-TranslateAmount, TranslateAmount) * inner;
            var scale = inner / Uniform(MinObjectHeight, MaxObjectHeight) / size;
            var angle = Uniform(-MaxRotationDegrees, MaxRotationDegrees) * Math.PI / 180;
            var mirror = random.NextDouble() > 0.5;
            var centre = (size - 1) / 2.0;
            var cos = Math.Cos(angle) * scale;
            var sin = Math.Sin(angle) * scale;
            // chip = centre + shift + R·s·(u − centre), with u mirrored first (u_x → size − 1 − u_x) when drawn so.
            var a = mirror ? -cos : cos;
            var d = mirror ? -sin : sin;
            var mirrorX = mirror ? size - 1 : 0;
            var c = centre + shiftX - cos * centre + sin * centre + cos * mirrorX;
            var f = centre + shiftY - sin * centre - cos * centre + sin * mirrorX;
            return new View(a, -sin, c, d, cos, f);
        }
    }
}
