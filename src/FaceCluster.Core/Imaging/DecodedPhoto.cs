namespace FaceCluster.Imaging;

/// <summary>
/// A photo decoded for face finding: <see cref="Image"/> is the photo at full size or reduced (a JPEG decoded at 1/2,
/// 1/4 or 1/8 scale), in the orientation the user sees; <see cref="Width"/> x <see cref="Height"/> is its full size in
/// that orientation, the frame faces are stored in. Faces the reduced image holds too few pixels of are decoded again
/// on demand: the whole photo at a finer scale (<see cref="DecodeAt"/>) or full-size regions (<see cref="DecodeRegions"/>).
/// </summary>
public sealed class DecodedPhoto
{
    private readonly Func<FinerPixels, IReadOnlyList<RgbImage>>? _decodeFiner;

    /// <param name="decodeFiner">Decodes full-size crops or a finer scale of the original; needed when <paramref name="image"/> is reduced.</param>
    public DecodedPhoto(RgbImage image, int width, int height, Func<FinerPixels, IReadOnlyList<RgbImage>>? decodeFiner)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width < image.Width || height < image.Height)
        {
            throw new ArgumentException($"A {image.Width}x{image.Height} image is no reduced {width}x{height} photo.", nameof(image));
        }

        if (decodeFiner is null && (width != image.Width || height != image.Height))
        {
            throw new ArgumentNullException(nameof(decodeFiner), "A reduced photo needs a way to decode its full-size regions.");
        }

        Image = image;
        Width = width;
        Height = height;
        _decodeFiner = decodeFiner;
    }

    public RgbImage Image { get; }

    public int Width { get; }

    public int Height { get; }

    public bool IsReduced => Image.Width != Width || Image.Height != Height;

    /// <summary>Full-size pixels per pixel of <see cref="Image"/>, across.</summary>
    public float ScaleX => (float)Width / Image.Width;

    /// <summary>Full-size pixels per pixel of <see cref="Image"/>, down.</summary>
    public float ScaleY => (float)Height / Image.Height;

    /// <summary>The scale divisor <see cref="Image"/> was decoded at (1, 2, 4 or 8; 1 for a photo decoded whole).</summary>
    public int ReducedBy => Math.Max(1, (int)Math.Round(Math.Max(ScaleX, ScaleY)));

    /// <summary>A photo decoded at full size.</summary>
    public static DecodedPhoto Whole(RgbImage image) => new(image, image.Width, image.Height, null);

    /// <summary>Full-size crops of the photo (in the frame of <see cref="Width"/> x <see cref="Height"/>), one per region.</summary>
    public IReadOnlyList<RgbImage> DecodeRegions(IReadOnlyList<PixelRect> regions)
    {
        foreach (var region in regions)
        {
            if (region.Width <= 0 || region.Height <= 0 || region.X < 0 || region.Y < 0 || region.Right > Width || region.Bottom > Height)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), $"Region {region} is empty or outside the {Width}x{Height} photo.");
            }
        }

        return _decodeFiner is { } decode ? decode(new FinerPixels(1, regions)) : [.. regions.Select(r => Image.Crop(r))];
    }

    /// <summary>The whole photo at 1/<paramref name="divisor"/> scale: a power of two finer than <see cref="Image"/>, coarser than full size.</summary>
    public RgbImage DecodeAt(int divisor)
    {
        if (divisor <= 1 || divisor >= ReducedBy || (divisor & (divisor - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), $"A photo reduced by {ReducedBy} has no finer scale 1/{divisor} to decode.");
        }

        return _decodeFiner!(new FinerPixels(divisor, []))[0];
    }

    /// <summary>Runs a request as <see cref="DecodeRegions"/> or <see cref="DecodeAt"/> would; for wrappers that time the decodes.</summary>
    public IReadOnlyList<RgbImage> Decode(FinerPixels request) =>
        request.Divisor == 1 ? DecodeRegions(request.Regions) : [DecodeAt(request.Divisor)];
}
