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
}
