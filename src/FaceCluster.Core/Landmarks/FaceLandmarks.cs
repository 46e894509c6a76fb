using System.Collections.Immutable;

namespace FaceCluster.Landmarks;

/// <summary>Facial landmarks in image pixels, in the order of their scheme (dlib's 68 points, or the 5-point eye/nose/mouth scheme).</summary>
public sealed record FaceLandmarks(ImmutableArray<Point2> Points)
{
    public int Count => Points.Length;

    /// <summary>Mean of the points in [start, start + count).</summary>
    public Point2 Centroid(int start, int count)
    {
        float x = 0, y = 0;
        for (var i = start; i < start + count; i++)
        {
            x += Points[i].X;
            y += Points[i].Y;
        }

        return new Point2(x / count, y / count);
    }
}
