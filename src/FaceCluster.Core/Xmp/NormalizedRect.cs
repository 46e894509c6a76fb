namespace FaceCluster.Xmp;

/// <summary>A rectangle in fractions of the image's width and height, from its top-left corner (0..1 on both axes).</summary>
public readonly record struct NormalizedRect(double X, double Y, double Width, double Height)
{
    public double CenterX => X + Width / 2;

    public double CenterY => Y + Height / 2;

    public static NormalizedRect FromCentre(double centerX, double centerY, double width, double height) =>
        new(centerX - width / 2, centerY - height / 2, width, height);

    public static NormalizedRect FromCorners(double x1, double y1, double x2, double y2) =>
        new(Math.Min(x1, x2), Math.Min(y1, y2), Math.Abs(x2 - x1), Math.Abs(y2 - y1));
}
