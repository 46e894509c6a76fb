using FaceCluster.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace FaceCluster.Xmp;

/// <summary>
/// The EXIF orientation (1..8) of a photo and the mapping between its stored pixel frame and the frame the user sees.
/// Face boxes live in the frame the user sees (the decoder applies the orientation); MWG regions live in the stored,
/// un-rotated frame.
/// </summary>
public static class ExifOrientation
{
    /// <summary>
    /// The orientation of a photo ImageSharp can identify (JPEG, PNG, WebP, TIFF), from its header only; 1 for anything
    /// else, and for a file that cannot be identified (HEIC and AVIF are decoded upright by their own reader).
    /// </summary>
    public static int Read(byte[] bytes)
    {
        try
        {
            var info = Image.Identify(HardenedConfiguration.Instance, bytes, out _);
            if (info?.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value is { } value && value is >= 1 and <= 8)
            {
                return value;
            }
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return 1;
        }

        // ImageSharp 2.x keeps a TIFF's orientation in its frame, which Identify does not report; the header has it.
        return RawPreviews.TiffOrientation(bytes) is var tiff and >= 1 and <= 8 ? tiff : 1;
    }

    /// <summary>True when the orientation turns the image a quarter: the displayed width is the stored height.</summary>
    public static bool SwapsSides(int orientation) => orientation is >= 5 and <= 8;

    /// <summary>Where a rectangle of the stored image shows once the orientation is applied.</summary>
    public static NormalizedRect ToDisplayed(NormalizedRect stored, int orientation)
    {
        var (x1, y1) = Point(stored.X, stored.Y, orientation);
        var (x2, y2) = Point(stored.X + stored.Width, stored.Y + stored.Height, orientation);
        return NormalizedRect.FromCorners(x1, y1, x2, y2);
    }

    /// <summary>The stored rectangle that shows as <paramref name="displayed"/>: the inverse of <see cref="ToDisplayed"/>.</summary>
    public static NormalizedRect ToStored(NormalizedRect displayed, int orientation) =>
        ToDisplayed(displayed, orientation switch { 6 => 8, 8 => 6, _ => orientation });

    /// <summary>A stored point (u, v) as displayed, per the EXIF definitions of the eight orientations.</summary>
    private static (double X, double Y) Point(double u, double v, int orientation) => orientation switch
    {
        2 => (1 - u, v),
        3 => (1 - u, 1 - v),
        4 => (u, 1 - v),
        5 => (v, u),
        6 => (1 - v, u),
        7 => (1 - v, 1 - u),
        8 => (v, 1 - u),
        _ => (u, v),
    };
}
