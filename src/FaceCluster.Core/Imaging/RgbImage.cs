namespace FaceCluster.Imaging;

/// <summary>
/// A decoded photo as tightly packed 8-bit RGB rows. Immutable once built, so every stage may read it concurrently;
/// the pipeline hands one instance from decode to align and drops it after.
/// </summary>
public sealed class RgbImage
{
    private readonly byte[] _pixels;

    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != width * height * 3)
        {
            throw new ArgumentException($"An RGB image of {width}x{height} needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major interleaved R, G, B bytes.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    public PixelRect Bounds => new(0, 0, Width, Height);

    /// <summary>A copy of <paramref name="region"/>, which lies inside the image.</summary>
    public RgbImage Crop(PixelRect region)
    {
        var pixels = new byte[region.Width * region.Height * 3];
        for (var y = 0; y < region.Height; y++)
        {
            Pixels.Slice(((region.Y + y) * Width + region.X) * 3, region.Width * 3).CopyTo(pixels.AsSpan(y * region.Width * 3));
        }

        return new RgbImage(region.Width, region.Height, pixels);
    }
}
