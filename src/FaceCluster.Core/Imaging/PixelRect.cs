namespace FaceCluster.Imaging;

/// <summary>An integer pixel rectangle; <see cref="Width"/> and <see cref="Height"/> may be zero but never negative.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;

    public int Bottom => Y + Height;

    /// <summary>
    /// Intersects with an image of the given size and floors, exactly as face-api.js's Box.clipAtImageBorders does
    /// for a box with fractional coordinates.
    /// </summary>
    public static PixelRect ClipFloor(double x, double y, double width, double height, int imageWidth, int imageHeight)
    {
        var clippedX = Math.Max(x, 0);
        var clippedY = Math.Max(y, 0);
        var clippedWidth = Math.Min(x + width - clippedX, imageWidth - clippedX);
        var clippedHeight = Math.Min(y + height - clippedY, imageHeight - clippedY);
        return new PixelRect(
            (int)Math.Floor(clippedX),
            (int)Math.Floor(clippedY),
            Math.Max(0, (int)Math.Floor(clippedWidth)),
            Math.Max(0, (int)Math.Floor(clippedHeight)));
    }
}
