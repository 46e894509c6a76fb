using System.Collections.Immutable;
using FaceCluster.Alignment;
using FaceCluster.Decoding;
using FaceCluster.Embedding;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Alignment;

/// <summary>
/// The alignment warp, the jittered views and the tfjs-style packing read pixels inside the image without bounds tests
/// for speed. Each is checked bit for bit against the plain per-sample definition (bounds-tested reads, black outside)
/// on a real photo, with faces inside, across the photo's edges and at every supersampling tap count.
/// </summary>
public sealed class WarpOracleTests
{
    private const int Size = 150;

    private static readonly ChannelNormalization Normalization = ChannelNormalization.MeanStd([122.782f, 117.001f, 104.298f], [255, 255, 255]);

    private static readonly Lazy<RgbImage> Photo = new(() => PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg")));

    /// <summary>Chip scale (photo pixels per chip pixel: 1 to 4 taps), turn, and where the chip's centre lies (fractions of the photo; outside 0..1 crosses an edge).</summary>
    public static TheoryData<double, double, double, double> Placements => new()
    {
        { 0.6, 0, 0.5, 0.5 },
        { 1.3, 12, 0.4, 0.45 },
        { 2.5, -20, 0.55, 0.5 },
        { 3.7, 5, 0.5, 0.4 },
        { 2.2, 30, 0.02, 0.03 },
        { 1.8, -8, 0.99, 0.98 },
    };

    [Theory]
    [MemberData(nameof(Placements))]
    public void SimilarityAligner_OnAPhoto_EqualsThePerSampleWarp(double scale, double degrees, double centreX, double centreY)
    {
        var image = Photo.Value;
        foreach (var (layout, bgr) in new[] { (TensorLayout.Nchw, false), (TensorLayout.Nhwc, true) })
        {
            var format = new InputFormat(Size, layout, bgr, Normalization);
            var template = DlibFaceChip.Template(Size, 0.25f);
            var landmarks = Placed(template, scale, degrees, centreX * image.Width, centreY * image.Height);
            var actual = new float[format.Length];
            new SimilarityAligner(format, template, DlibFaceChip.TemplatePoints).Align(image, default, landmarks, actual);

            var toImage = SimilarityTransform.Estimate(template.Select(p => new Point2(p[0], p[1])).ToArray(), DlibFaceChip.TemplatePoints(landmarks).Points.AsSpan());
            Assert.Equal(ReferenceWarp(image, toImage, format), actual);
        }
    }

    [Theory]
    [InlineData(TensorLayout.Nchw)]
    [InlineData(TensorLayout.Nhwc)]
    public void FaceJitter_OfARealChip_EqualsThePerSampleViews(TensorLayout layout)
    {
        var format = new InputFormat(Size, layout, false, Normalization);
        var template = DlibFaceChip.Template(Size, 0.25f);
        var chip = new float[format.Length];
        new SimilarityAligner(format, template, DlibFaceChip.TemplatePoints).Align(Photo.Value, default, Placed(template, 2.0, 4, 1400, 900), chip);
        var jitter = new FaceJitter(10, format);
        var actual = new float[format.Length];
        for (var view = 0; view < jitter.Count; view++)
        {
            jitter.Apply(chip, view, actual);
            Assert.Equal(ReferenceJitter(chip, jitter, view, format), actual);
        }
    }

    [Theory]
    [InlineData(0, 0, 640, 480, 512, SquarePadding.BottomRight, TensorLayout.Nchw, false)]
    [InlineData(1000, 500, 333, 450, 112, SquarePadding.Centered, TensorLayout.Nchw, false)]
    [InlineData(1500, 1000, 420, 260, 150, SquarePadding.Centered, TensorLayout.Nhwc, true)]
    [InlineData(5, 7, 90, 60, 150, SquarePadding.Centered, TensorLayout.Nchw, true)]
    public void TfResizePacker_OnAPhoto_EqualsThePerSampleResize(int x, int y, int width, int height, int size, SquarePadding padding, TensorLayout layout, bool bgr)
    {
        var image = Photo.Value;
        var crop = new PixelRect(x, y, width, height);
        var actual = new float[3 * size * size];
        TfResizePacker.Pack(image, crop, size, padding, Normalization, layout, bgr, actual);
        Assert.Equal(ReferencePack(image, crop, size, padding, layout, bgr), actual);
    }

    /// <summary>The template turned, scaled and centred at (<paramref name="x"/>, <paramref name="y"/>) in the photo, as 68 landmarks.</summary>
    private static FaceLandmarks Placed(float[][] template, double scale, double degrees, double x, double y)
    {
        var angle = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(angle) * scale, Math.Sin(angle) * scale);
        var points = Enumerable.Repeat(new Point2((float)x, (float)y), 68).ToArray();
        var indices = DlibFaceChip.TemplatePoints(new FaceLandmarks([.. Enumerable.Range(0, 68).Select(i => new Point2(i, 0))])).Points;
        for (var k = 0; k < template.Length; k++)
        {
            var (u, v) = (template[k][0] - Size / 2.0, template[k][1] - Size / 2.0);
            points[(int)indices[k].X] = new Point2((float)(x + cos * u - sin * v), (float)(y + sin * u + cos * v));
        }

        return new FaceLandmarks(points.ToImmutableArray());
    }

    private static float[] ReferenceWarp(RgbImage image, SimilarityTransform toImage, InputFormat format)
    {
        var taps = Math.Clamp((int)Math.Ceiling(toImage.Scale), 1, 4);
        var result = new float[format.Length];
        for (var oy = 0; oy < Size; oy++)
        {
            for (var ox = 0; ox < Size; ox++)
            {
                var rgb = new float[3];
                for (var ty = 0; ty < taps; ty++)
                {
                    for (var tx = 0; tx < taps; tx++)
                    {
                        var (x, y) = toImage.Apply(ox + (tx + 0.5) / taps - 0.5, oy + (ty + 0.5) / taps - 0.5);
                        var (x0, y0) = ((int)Math.Floor(x), (int)Math.Floor(y));
                        var (fx, fy) = ((float)(x - x0), (float)(y - y0));
                        for (var c = 0; c < 3; c++)
                        {
                            float At(int px, int py) => px < 0 || py < 0 || px >= image.Width || py >= image.Height ? 0f : image.Pixels[(py * image.Width + px) * 3 + c];
                            rgb[c] += Lerp(Lerp(At(x0, y0), At(x0 + 1, y0), fx), Lerp(At(x0, y0 + 1), At(x0 + 1, y0 + 1), fx), fy);
                        }
                    }
                }

                for (var c = 0; c < 3; c++)
                {
                    result[Index(format.Layout, format.Bgr ? 2 - c : c, ox, oy, Size)] = format.Normalization.Apply(rgb[c] / (taps * taps), c);
                }
            }
        }

        return result;
    }

    private static float[] ReferenceJitter(float[] chip, FaceJitter jitter, int view, InputFormat format)
    {
        var result = new float[format.Length];
        for (var oy = 0; oy < Size; oy++)
        {
            for (var ox = 0; ox < Size; ox++)
            {
                var (x, y) = jitter.SourceOf(view, ox, oy);
                var (x0, y0) = ((int)Math.Floor(x), (int)Math.Floor(y));
                var (fx, fy) = ((float)(x - x0), (float)(y - y0));
                for (var c = 0; c < 3; c++)
                {
                    float At(int px, int py) => (uint)px >= Size || (uint)py >= Size ? format.Normalization.Apply(0, c) : chip[Index(format.Layout, c, px, py, Size)];
                    result[Index(format.Layout, c, ox, oy, Size)] = Lerp(Lerp(At(x0, y0), At(x0 + 1, y0), fx), Lerp(At(x0, y0 + 1), At(x0 + 1, y0 + 1), fx), fy);
                }
            }
        }

        return result;
    }

    private static float[] ReferencePack(RgbImage image, PixelRect crop, int size, SquarePadding padding, TensorLayout layout, bool bgr)
    {
        var side = Math.Max(crop.Width, crop.Height);
        var diff = side - Math.Min(crop.Width, crop.Height);
        var prepend = diff - (padding == SquarePadding.Centered ? (int)Math.Floor(diff * 0.5 + 0.5) : diff);
        var (offsetX, offsetY) = (crop.Width < side ? prepend : 0, crop.Height < side ? prepend : 0);
        var scale = (float)side / size;
        var result = new float[3 * size * size];
        for (var oy = 0; oy < size; oy++)
        {
            for (var ox = 0; ox < size; ox++)
            {
                var (sx, sy) = (ox * scale, oy * scale);
                var (x0, y0) = ((int)MathF.Floor(sx), (int)MathF.Floor(sy));
                var (x1, y1) = (Math.Min(side - 1, (int)MathF.Ceiling(sx)), Math.Min(side - 1, (int)MathF.Ceiling(sy)));
                var (fx, fy) = (sx - x0, sy - y0);
                for (var c = 0; c < 3; c++)
                {
                    float At(int px, int py)
                    {
                        var (cx, cy) = (px - offsetX, py - offsetY);
                        return cx < 0 || cy < 0 || cx >= crop.Width || cy >= crop.Height ? 0f : image.Pixels[((crop.Y + cy) * image.Width + crop.X + cx) * 3 + c];
                    }

                    var upper = At(x0, y0) + (At(x1, y0) - At(x0, y0)) * fx;
                    var lower = At(x0, y1) + (At(x1, y1) - At(x0, y1)) * fx;
                    result[Index(layout, bgr ? 2 - c : c, ox, oy, size)] = Normalization.Apply(upper + (lower - upper) * fy, c);
                }
            }
        }

        return result;
    }

    private static int Index(TensorLayout layout, int channel, int x, int y, int size) =>
        layout == TensorLayout.Nchw ? channel * size * size + y * size + x : (y * size + x) * 3 + channel;

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
