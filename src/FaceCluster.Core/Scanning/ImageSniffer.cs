using FaceCluster.Decoding;

namespace FaceCluster.Scanning;

/// <summary>Recognises the supported photo formats by their first bytes, so photos are found whatever their extension.</summary>
public static class ImageSniffer
{
    public const int HeaderLength = PhotoFormats.HeaderLength;

    /// <summary>JPEG, PNG, GIF, BMP, WebP, TIFF, HEIF, AVIF or a RAW format that marks itself, by content.</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> header) => PhotoFormats.Detect(header) != PhotoFormat.Unknown;

    /// <summary>
    /// Files with a photo extension are candidates even when their content is not an image: they are recorded as failed
    /// with a reason, which is what a user who put them there needs to hear.
    /// </summary>
    public static bool HasImageExtension(string path) => PhotoFormats.HasPhotoExtension(path);
}
