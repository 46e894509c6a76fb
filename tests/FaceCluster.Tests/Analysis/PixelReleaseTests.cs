using FaceCluster.Analysis;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Tests.Analysis;

/// <summary>
/// Decoded pixels are pooled, so who releases what matters: aligning a reduced photo releases the finer pixels it
/// decoded for itself and keeps the photo's own image, which its caller releases (the pipeline does, after align).
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class PixelReleaseTests(InstalledModels installed)
{
    private const int Width = 4000;
    private const int Height = 3000;

    [Fact]
    public void Align_ReleasesTheFinerPixelsItDecoded_AndKeepsThePhotosImage()
    {
        using var models = FaceModels.Load(installed.Settings(), TestPaths.DefaultProfile);
        var analyzer = new FaceAnalyzer(models);
        using var source = Image.Load<Rgb24>(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"));
        source.Mutate(x => x.Resize(Width, Height));
        var decoded = new List<(int Divisor, RgbImage Image)>();
        var photo = new DecodedPhoto(At(source, 4), Width, Height, request =>
        {
            var finer = At(source, request.Divisor);
            decoded.Add((request.Divisor, finer));
            return [finer];
        });

        var faces = analyzer.Align(photo, analyzer.Detect(photo));
        try
        {
            // The sample's faces are 300-480 pixels at full size: under the embedder's 150 at 1/4, over it at 1/2.
            Assert.NotEmpty(faces);
            Assert.Equal([2], decoded.Select(d => d.Divisor));
            Assert.Throws<ObjectDisposedException>(() => decoded[0].Image.Pixels.Length);
            Assert.Equal(Width / 4 * (Height / 4) * 3, photo.Image.Pixels.Length);
        }
        finally
        {
            FaceAnalyzer.Release(faces);
        }

        photo.Image.Release();
        Assert.Throws<ObjectDisposedException>(() => photo.Image.Pixels.Length);
    }

    private static RgbImage At(Image<Rgb24> source, int divisor)
    {
        using var scaled = source.Clone(x => x.Resize(Width / divisor, Height / divisor));
        var pixels = new byte[scaled.Width * scaled.Height * 3];
        scaled.CopyPixelDataTo(pixels);
        return new RgbImage(scaled.Width, scaled.Height, pixels);
    }
}
