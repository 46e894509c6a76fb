using FaceCluster.Imaging;
using ImageMagick;

namespace FaceCluster.Decoding;

/// <summary>
/// Reads HEIF (HEVC-coded HEIC, through libheif and libde265), AVIF and camera RAW data (through libraw) with
/// Magick.NET, and JPEGs at a reduced size (libjpeg's DCT scaling, which ImageSharp 2 lacks). Each read names its one coder, so a file is never handed to ImageMagick's other coders by its content.
/// libheif applies the HEIF <c>irot</c>/<c>imir</c> transforms itself; EXIF orientation is applied after.
/// </summary>
internal static class MagickPhotoReader
{
    private static readonly Lock ApplyLock = new();

    /// <summary>
    /// ImageMagick's own resource limits, a second fence behind the header checks: one thread per decode (the pipeline
    /// runs several decoders) and no image over the pixel limits.
    /// </summary>
    public static void ApplyLimits(DecodeLimits limits)
    {
        lock (ApplyLock)
        {
            ResourceLimits.Thread = 1;
            ResourceLimits.Width = (ulong)limits.MaxDimension;
            ResourceLimits.Height = (ulong)limits.MaxDimension;
            ResourceLimits.Area = (ulong)limits.MaxPixels;
        }
    }

    /// <summary>The declared size, read from the container without decoding pixels.</summary>
    public static (int Width, int Height) Identify(byte[] bytes, PhotoFormat format)
    {
        var info = new MagickImageInfo(bytes, Settings(format));
        return (checked((int)info.Width), checked((int)info.Height));
    }

    public static RgbImage Decode(byte[] bytes, PhotoFormat format)
    {
        using var image = new MagickImage(bytes, Settings(format));
        return ToRgb(image);
    }

    /// <summary>
    /// A JPEG decoded by libjpeg's DCT scaling at the reduced size <paramref name="width"/> x <paramref name="height"/>
    /// (before orientation; an exact 1/2, 1/4 or 1/8 of the stored size), which skips most of the work of a full decode,
    /// then turned by <paramref name="orientation"/>: the EXIF orientation as ImageSharp reads it, so that full-size
    /// crops decoded by ImageSharp later lie in the same frame.
    /// </summary>
    public static RgbImage DecodeReducedJpeg(byte[] bytes, int width, int height, ushort orientation)
    {
        var settings = new MagickReadSettings { Format = MagickFormat.Jpeg };
        settings.SetDefine(MagickFormat.Jpeg, "size", $"{width}x{height}");
        using var image = new MagickImage(bytes, settings);
        image.Orientation = orientation is >= 1 and <= 8 ? (Orientation)orientation : Orientation.TopLeft;
        return ToRgb(image);
    }

    private static RgbImage ToRgb(MagickImage image)
    {
        image.AutoOrient();
        if (image.ColorSpace != ColorSpace.sRGB)
        {
            image.ColorSpace = ColorSpace.sRGB;
        }

        var (width, height) = (checked((int)image.Width), checked((int)image.Height));
        using var pixels = image.GetPixelsUnsafe();
        if (!IsPackedRgb(image))
        {
            return new RgbImage(width, height, pixels.ToByteArray(PixelMapping.RGB) ?? throw new ImageLoadException("decoder returned no pixels"));
        }

        var area = pixels.GetAreaPointer(0, 0, image.Width, image.Height);
        if (area == IntPtr.Zero)
        {
            throw new ImageLoadException("decoder returned no pixels");
        }

        // ImageMagick's exporter (ToByteArray) converts pixel by pixel, several times slower than copying the cache.
        var rgb = RgbImage.Rent(width, height);
        unsafe
        {
            new ReadOnlySpan<byte>((void*)area, width * height * 3).CopyTo(rgb.Writable);
        }

        return rgb;
    }

    /// <summary>An 8-bit image whose pixel cache holds exactly red, green, blue per pixel: already our layout.</summary>
    private static bool IsPackedRgb(MagickImage image) =>
        Quantum.Depth == 8 && image.ChannelCount == 3 && image.Channels.SequenceEqual([PixelChannel.Red, PixelChannel.Green, PixelChannel.Blue]);

    private static MagickReadSettings Settings(PhotoFormat format) => new()
    {
        Format = format switch
        {
            PhotoFormat.Heif => MagickFormat.Heic,
            PhotoFormat.Avif => MagickFormat.Avif,
            PhotoFormat.Raw => MagickFormat.Dng,
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Magick.NET reads HEIF, AVIF and RAW here"),
        },
    };
}
