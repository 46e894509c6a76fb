using FaceCluster.Decoding;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Tests.Formats;

/// <summary>
/// The same photo written as PNG, TIFF, WebP, HEIC, AVIF and a RAW file's embedded preview (by ImageSharp, heif-enc
/// and ExifTool), decoded by <see cref="PhotoDecoder"/>: each comes out as the same picture, in the orientation its
/// tags ask for. The RAW bodies are ../shared/formats files.
/// </summary>
public sealed class PhotoFormatDecodeTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _source = Path.Combine(TestPaths.SamplePhotos, "sample2.jpg");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void EveryFormat_DecodesToTheSamePicture()
    {
        var png = FormatFixtures.Png(_source, _temp.Path, "photo.png");
        var reference = PhotoDecoder.Default.Load(png);
        var files = new (string Path, PhotoFormat Format, double MaxMeanDifference)[]
        {
            (png, PhotoFormat.Common, 0),
            (FormatFixtures.Tiff(png, _temp.File("photo.tiff")), PhotoFormat.Common, 0),
            (FormatFixtures.WebpLossless(png, _temp.File("photo.webp")), PhotoFormat.Common, 0),
            (FormatFixtures.Heif(png, _temp.File("photo.heic"), lossless: true), PhotoFormat.Heif, 1.5),
            (FormatFixtures.Heif(png, _temp.File("lossy.heic"), lossless: false), PhotoFormat.Heif, 4),
            (FormatFixtures.Heif(png, _temp.File("photo.avif"), lossless: true), PhotoFormat.Avif, 1.5),
            (FormatFixtures.Jpeg(png, _temp.File("photo.jpg")), PhotoFormat.Common, 4),
        };

        foreach (var (path, format, maxDifference) in files)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(format, PhotoFormats.Detect(bytes.AsSpan(0, PhotoFormats.HeaderLength)));
            var image = PhotoDecoder.Default.Decode(bytes, path);
            Assert.Equal((reference.Width, reference.Height), (image.Width, image.Height));
            var difference = MeanAbsoluteDifference(reference, image);
            Assert.True(difference <= maxDifference, $"{Path.GetFileName(path)}: mean difference {difference:0.00} > {maxDifference}");
        }
    }

    [Fact]
    public void MagickDecodes_CopiedFromThePixelCache_EqualImageMagicksOwnExport()
    {
        var png = FormatFixtures.Png(_source, _temp.Path, "photo.png");
        var heic = FormatFixtures.Heif(png, _temp.File("photo.heic"), lossless: false);
        var ours = PhotoDecoder.Default.Load(heic);
        using var image = new ImageMagick.MagickImage(heic);
        image.AutoOrient();
        using var pixels = image.GetPixels();
        Assert.Equal(pixels.ToByteArray(ImageMagick.PixelMapping.RGB), ours.Pixels.ToArray());
    }

    [SharedDataTheory]
    [Trait("Category", "Shared")]
    [InlineData("DNG.dng")]
    [InlineData("CanonRaw.cr2")]
    public void RawFile_IsReadFromItsEmbeddedPreview(string body)
    {
        // Large enough (MinRawPreviewSide) to be preferred to the raw data, which these stripped bodies hold no picture in.
        var png = FormatFixtures.Png(_source, _temp.Path, "photo.png", width: 1280);
        var jpeg = FormatFixtures.Jpeg(png, _temp.File("preview.jpg"));
        var raw = FormatFixtures.RawWithPreview(body, jpeg, _temp.File(body));

        var bytes = File.ReadAllBytes(raw);
        Assert.Equal(PhotoFormat.Raw, PhotoFormats.Detect(bytes.AsSpan(0, PhotoFormats.HeaderLength), raw));
        var image = PhotoDecoder.Default.Load(raw);

        var expected = PhotoDecoder.Default.Load(jpeg);
        Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
        Assert.Equal(0, MeanAbsoluteDifference(expected, image));
    }

    [SharedDataFact]
    [Trait("Category", "Shared")]
    public void OrientationTags_OnEveryFormat_AreHonoured()
    {
        var upright = PhotoDecoder.Default.Load(FormatFixtures.Png(_source, _temp.Path, "upright.png"));

        // Stored turned a quarter anticlockwise, tagged "rotate 90 clockwise to show" (EXIF 6): shows upright.
        var stored = FormatFixtures.Png(_source, _temp.Path, "stored.png", RotateMode.Rotate270);
        var tagged = new (string Path, double MaxMeanDifference)[]
        {
            (FormatFixtures.Tiff(stored, _temp.File("tagged.tiff")), 0),
            (FormatFixtures.WebpLossless(stored, _temp.File("tagged.webp")), 0),
            (FormatFixtures.Jpeg(stored, _temp.File("tagged.jpg")), 4),
        };
        foreach (var (path, maxDifference) in tagged)
        {
            FormatFixtures.TagOrientation(path, 6);
            AssertShowsUpright(upright, path, maxDifference);
        }

        // The RAW's own IFD0 orientation applies to its preview, which carries none (a preview big enough to be used).
        var storedLarge = FormatFixtures.Png(_source, _temp.Path, "stored-large.png", RotateMode.Rotate270, width: 1280);
        var dng = FormatFixtures.RawWithPreview("DNG.dng", FormatFixtures.Jpeg(storedLarge, _temp.File("raw-preview.jpg")), _temp.File("tagged.dng"));
        FormatFixtures.TagOrientation(dng, 6);
        var uprightLarge = PhotoDecoder.Default.Load(FormatFixtures.Png(_source, _temp.Path, "upright-large.png", width: 1280));
        AssertShowsUpright(uprightLarge, dng, 4);

        // HEIF says it with an irot property: stored a quarter clockwise, shown turned one quarter anticlockwise.
        var storedClockwise = FormatFixtures.Png(_source, _temp.Path, "stored-cw.png", RotateMode.Rotate90);
        foreach (var name in new[] { "tagged.heic", "tagged.avif" })
        {
            var heif = FormatFixtures.Heif(storedClockwise, _temp.File("plain-" + name), lossless: true);
            File.WriteAllBytes(_temp.File(name), HeifRotation.AddRotation(File.ReadAllBytes(heif), 1));
            AssertShowsUpright(upright, _temp.File(name), 1.5);
        }
    }

    private static void AssertShowsUpright(RgbImage upright, string path, double maxDifference)
    {
        var image = PhotoDecoder.Default.Load(path);
        Assert.True((upright.Width, upright.Height) == (image.Width, image.Height),
            $"{Path.GetFileName(path)}: {image.Width}x{image.Height}, expected {upright.Width}x{upright.Height}");
        var difference = MeanAbsoluteDifference(upright, image);
        Assert.True(difference <= maxDifference, $"{Path.GetFileName(path)}: mean difference {difference:0.00} > {maxDifference}");
    }

    [SharedDataFact]
    [Trait("Category", "Shared")]
    public void CameraHeic_FromSharedFormats_Decodes()
    {
        var path = Path.Combine(FormatFixtures.SharedFormats, "example.heic");
        var image = PhotoDecoder.Default.Load(path);
        Assert.Equal((1280, 854), (image.Width, image.Height));
        Assert.True(MeanAbsoluteDifference(image, new RgbImage(image.Width, image.Height, new byte[image.Width * image.Height * 3])) > 20, "a real picture, not black");
    }

    private static double MeanAbsoluteDifference(RgbImage a, RgbImage b)
    {
        Assert.Equal(a.Pixels.Length, b.Pixels.Length);
        long sum = 0;
        var x = a.Pixels;
        var y = b.Pixels;
        for (var i = 0; i < x.Length; i++)
        {
            sum += Math.Abs(x[i] - y[i]);
        }

        return (double)sum / x.Length;
    }
}
