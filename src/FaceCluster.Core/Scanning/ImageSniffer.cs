namespace FaceCluster.Scanning;

/// <summary>Recognises the supported image formats by their first bytes, so photos are found whatever their extension.</summary>
public static class ImageSniffer
{
    public const int HeaderLength = 12;

    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff",
    };

    /// <summary>JPEG, PNG, GIF, BMP, WebP or TIFF by magic number.</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> header) =>
        header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
        || header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8)
        || header.StartsWith("BM"u8)
        || (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        || header.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', 42, 0])
        || header.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M', 0, 42]);

    /// <summary>
    /// Files with a photo extension are candidates even when their content is not an image: they are recorded as failed
    /// with a reason, which is what a user who put them there needs to hear.
    /// </summary>
    public static bool HasImageExtension(string path) => Extensions.Contains(Path.GetExtension(path));
}
