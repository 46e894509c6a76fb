using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Imaging;

/// <summary>Decodes an image file into an <see cref="RgbImage"/>, applying its EXIF orientation first.</summary>
public static class RgbImageLoader
{
    public static RgbImage Load(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(x => x.AutoOrient());
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return new RgbImage(image.Width, image.Height, pixels);
    }
}
