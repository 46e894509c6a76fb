namespace FaceCluster.Detection;

/// <summary>An axis-aligned face box in image pixels; coordinates stay fractional until something must crop.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    public float CenterX => X + Width / 2;

    public float CenterY => Y + Height / 2;

    /// <summary>[x, y, width, height], as exports and the commands' JSON write a box.</summary>
    public float[] ToArray() => [X, Y, Width, Height];

    public bool Contains(float x, float y) => x >= X && x <= Right && y >= Y && y <= Bottom;

    /// <summary>Squared distance from the box centre to (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public double CentreDistanceSquared(double x, double y) => Math.Pow(CenterX - x, 2) + Math.Pow(CenterY - y, 2);

    public float IntersectionOverUnion(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }
}
