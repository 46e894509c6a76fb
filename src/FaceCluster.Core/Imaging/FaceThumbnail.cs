using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Imaging;

/// <summary>A face cropped from its photo with a margin, as a small square JPEG (the gallery and the review show these).</summary>
public static class FaceThumbnail
{
    public static byte[] Jpeg(RgbImage image, float x, float y, float width, float height, int size)
    {
        var side = Math.Max(width, height) * 1.3f;
        var left = (int)Math.Clamp(x + width / 2 - side / 2, 0, image.Width - 1);
        var top = (int)Math.Clamp(y + height / 2 - side / 2, 0, image.Height - 1);
        var w = (int)Math.Clamp(side, 1, image.Width - left);
        var h = (int)Math.Clamp(side, 1, image.Height - top);
        var region = new byte[w * h * 3];
        for (var row = 0; row < h; row++)
        {
            image.Pixels.Slice(((top + row) * image.Width + left) * 3, w * 3).CopyTo(region.AsSpan(row * w * 3));
        }

        using var crop = Image.LoadPixelData<Rgb24>(region, w, h);
        crop.Mutate(c => c.Resize(size, size));
        using var stream = new MemoryStream();
        crop.SaveAsJpeg(stream);
        return stream.ToArray();
    }
}
