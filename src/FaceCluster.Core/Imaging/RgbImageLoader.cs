using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Imaging;

/// <summary>Decodes photos into <see cref="RgbImage"/> the one way FaceCluster and its face-api.js fixtures agree on.</summary>
public static class RgbImageLoader
{
    /// <summary>Decodes with ImageSharp as <see cref="Rgb24"/> and applies the EXIF orientation.</summary>
    public static RgbImage Load(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(x => x.AutoOrient());
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
