using FaceCluster.Decoding;
using SixLabors.ImageSharp;

namespace FaceCluster.Xmp;

/// <summary>A photo's stored (un-rotated) pixel size and its EXIF orientation: what MWG regions are relative to.</summary>
public readonly record struct PhotoFrame(int StoredWidth, int StoredHeight, int Orientation)
{
    /// <summary>Width as the user sees the photo, the frame face boxes are in.</summary>
    public int ShownWidth => ExifOrientation.SwapsSides(Orientation) ? StoredHeight : StoredWidth;

    public int ShownHeight => ExifOrientation.SwapsSides(Orientation) ? StoredWidth : StoredHeight;

    /// <summary>
    /// Reads the frame from the header where ImageSharp knows the format; other formats (HEIC, AVIF, RAW) are decoded
    /// upright by their readers, so their decoded size is the frame and their orientation 1.
    /// </summary>
    /// <exception cref="Imaging.ImageLoadException">The photo cannot be read or decoded.</exception>
    public static PhotoFrame Read(string path)
    {
        var (bytes, _) = PhotoDecoder.Default.Read(path);
        IImageInfo? info = null;
        try
        {
            info = Image.Identify(HardenedConfiguration.Instance, bytes, out _);
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // Not an ImageSharp format: decoded below.
        }

        if (info is { Width: > 0, Height: > 0 })
        {
            return new PhotoFrame(info.Width, info.Height, ExifOrientation.Read(bytes));
        }

        var image = PhotoDecoder.Default.Decode(bytes, path);
        return new PhotoFrame(image.Width, image.Height, 1);
    }

    /// <summary>A box in shown pixels as a normalised rectangle of the stored frame.</summary>
    public NormalizedRect ToStored(float x, float y, float width, float height) => ExifOrientation.ToStored(
        new NormalizedRect(x / (double)ShownWidth, y / (double)ShownHeight, width / (double)ShownWidth, height / (double)ShownHeight), Orientation);
}
