using FaceCluster.Alignment;
using FaceCluster.Embedding;
using FaceCluster.Imaging;

namespace FaceCluster.Tests.Embedding;

public sealed class FaceJitterTests
{
    private const int Size = 150;
    private static readonly InputFormat Format = new(Size, TensorLayout.Nchw, false, ChannelNormalization.MeanStd([122.782f, 117.001f, 104.298f], [255, 255, 255]));

    [Fact]
    public void Apply_SameSeed_GivesTheSameViewsEveryTime()
    {
        var face = Gradient(Format);
        var first = new FaceJitter(10, Format);
        var second = new FaceJitter(10, Format);
        for (var view = 0; view < 10; view++)
        {
            var a = new float[Format.Length];
            var b = new float[Format.Length];
            first.Apply(face, view, a);
            second.Apply(face, view, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void Apply_ManyViews_AreSmallPerturbationsAboutHalfOfThemMirrored()
    {
        // Given a face tensor whose value rises from left to right (so a mirrored view falls instead)
        var face = Gradient(Format);
        var jitter = new FaceJitter(200, Format);
        var mirrored = 0;
        var view = new float[Format.Length];
        for (var v = 0; v < jitter.Count; v++)
        {
            jitter.Apply(face, v, view);
            // Then the row through the middle still rises (or falls, mirrored) by about the same amount: at most 3°
            // and a few per cent of zoom and shift away from the face
            var row = Size / 2 * Size;
            var rise = view[row + Size - 20] - view[row + 20];
            var expected = face[row + Size - 20] - face[row + 20];
            Assert.InRange(Math.Abs(rise) / expected, 0.95, 1.05);
            mirrored += rise < 0 ? 1 : 0;
            var shift = Math.Abs(view[row + Size / 2] - (rise > 0 ? face[row + Size / 2] : face[row + Size / 2 - 1]));
            Assert.True(shift < 0.04 * expected, $"view {v} moved the centre by {shift / expected:P1} of the row's rise");
        }

        Assert.InRange(mirrored, 70, 130);
    }

    [Fact]
    public void Apply_NhwcAndNchw_ProduceTheSameViewInTheirOwnLayouts()
    {
        var nhwc = Format with { Layout = TensorLayout.Nhwc };
        var planar = Gradient(Format);
        var interleaved = new float[Format.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var p = 0; p < Size * Size; p++)
            {
                interleaved[p * 3 + c] = planar[c * Size * Size + p];
            }
        }

        var a = new float[Format.Length];
        var b = new float[Format.Length];
        new FaceJitter(3, Format).Apply(planar, 2, a);
        new FaceJitter(3, nhwc).Apply(interleaved, 2, b);
        for (var c = 0; c < 3; c++)
        {
            for (var p = 0; p < Size * Size; p++)
            {
                Assert.Equal(a[c * Size * Size + p], b[p * 3 + c]);
            }
        }
    }

    /// <summary>Channel c, pixel (x, y) = normalised (x + c·10): rises left to right, differs per channel.</summary>
    private static float[] Gradient(InputFormat format)
    {
        var tensor = new float[format.Length];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    tensor[c * Size * Size + y * Size + x] = format.Normalization.Apply(x * 1.5f + c * 10, c);
                }
            }
        }

        return tensor;
    }
}
