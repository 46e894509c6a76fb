namespace FaceCluster.Imaging;

/// <summary>
/// A photo decoded for face finding: <see cref="Image"/> is the photo at full size or reduced (a JPEG decoded at 1/2,
/// 1/4 or 1/8 scale), in the orientation the user sees; <see cref="Width"/> x <see cref="Height"/> is its full size in
/// that orientation, the frame faces are stored in. Regions the reduced image holds too few pixels of are decoded at
/// full size on demand (<see cref="DecodeRegions"/>).
/// </summary>
public sealed class DecodedPhoto
{
    private readonly Func<IReadOnlyList<PixelRect>, IReadOnlyList<RgbImage>>? _decodeRegions;

    /// <param name="decodeRegions">Decodes full-size crops of the original; needed when <paramref name="image"/> is reduced.</param>
    public DecodedPhoto(RgbImage image, int width, int height, Func<IReadOnlyList<PixelRect>, IReadOnlyList<RgbImage>>? decodeRegions)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (width < image.Width || height < image.Height)
        {
            throw new ArgumentException($"A {image.Width}x{image.Height} image is no reduced {width}x{height} photo.", nameof(image));
        }

        if (decodeRegions is null && (width != image.Width || height != image.Height))
        {
            throw new ArgumentNullException(nameof(decodeRegions), "A reduced photo needs a way to decode its full-size regions.");
        }

        Image = image;
        Width = width;
        Height = height;
        _decodeRegions = decodeRegions;
    }

    public RgbImage Image { get; }

    public int Width { get; }

    public int Height { get; }

    public bool IsReduced => Image.Width != Width || Image.Height != Height;

    /// <summary>Full-size pixels per pixel of <see cref="Image"/>, across.</summary>
    public float ScaleX => (float)Width / Image.Width;

    /// <summary>Full-size pixels per pixel of <see cref="Image"/>, down.</summary>
    public float ScaleY => (float)Height / Image.Height;

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

        return _decodeRegions is { } decode ? decode(regions) : [.. regions.Select(r => Image.Crop(r))];
    }
}
