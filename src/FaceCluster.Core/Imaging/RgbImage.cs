using System.Buffers;

namespace FaceCluster.Imaging;

/// <summary>
/// A decoded photo as tightly packed 8-bit RGB rows. Immutable once built, so every stage may read it concurrently;
/// the pipeline hands one instance from decode to align and releases it after.
/// </summary>
/// <remarks>
/// The images made once per photo (decodes, turned copies, full-size regions) are <see cref="Rent"/>ed from the shared
/// pool: a fresh array of megabytes costs more in page faults than the decode that fills it. Whoever ends an image's
/// use may <see cref="Release"/> it; one never released is collected like any other.
/// </remarks>
public sealed class RgbImage
{
    private readonly bool _pooled;
    private byte[]? _pixels;

    public RgbImage(int width, int height, byte[] pixels)
        : this(width, height, pixels, pooled: false)
    {
        if (pixels.Length != ByteCount(width, height))
        {
            throw new ArgumentException($"An RGB image of {width}x{height} needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }
    }

    /// <param name="pixels">At least <see cref="ByteCount"/> bytes (a pooled array may be longer).</param>
    private RgbImage(int width, int height, byte[] pixels, bool pooled)
    {
        Width = width;
        Height = height;
        _pixels = pixels;
        _pooled = pooled;
    }

    /// <summary>An image whose pixels (contents undefined) its maker writes through <see cref="Writable"/> before handing it on.</summary>
    internal static RgbImage Rent(int width, int height) =>
        new(width, height, ArrayPool<byte>.Shared.Rent(ByteCount(width, height)), pooled: true);

    /// <summary>The bytes of a <paramref name="width"/> x <paramref name="height"/> image, both of which must be positive.</summary>
    private static int ByteCount(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return checked(width * height * 3);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major interleaved R, G, B bytes.</summary>
    public ReadOnlySpan<byte> Pixels => Writable;

    /// <summary>The pixels, for the code that makes the image; nobody writes them once it is handed on.</summary>
    internal Span<byte> Writable => (_pixels ?? throw new ObjectDisposedException(nameof(RgbImage))).AsSpan(0, Width * Height * 3);

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

    /// <summary>Ends the image's use: its pixels go back to the pool (if rented) and reading them afterwards throws.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _pixels, null) is { } pixels && _pooled)
        {
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }
}
