using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// A 2-D similarity transform p' = A·p + t with A = [[a, -b], [b, a]] (rotation and uniform scale, no reflection).
/// </summary>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    public double Scale => Math.Sqrt(A * A + B * B);

    public (double X, double Y) Apply(double x, double y) => (A * x - B * y + Tx, B * x + A * y + Ty);

    /// <summary>
    /// Least-squares fit mapping <paramref name="from"/> onto <paramref name="to"/> (Umeyama 1991 restricted to
    /// rotations, the same estimate dlib's find_similarity_transform makes), solved in closed form by treating points as
    /// complex numbers: a = Σ (d − d̄)·conj(s − s̄) / Σ |s − s̄|².
    /// </summary>
    public static SimilarityTransform Estimate(ReadOnlySpan<Point2> from, ReadOnlySpan<Point2> to)
    {
        if (from.Length != to.Length || from.Length < 2)
        {
            throw new ArgumentException("A similarity transform needs at least two matching point pairs.");
        }

        double sx = 0, sy = 0, dx = 0, dy = 0;
        for (var i = 0; i < from.Length; i++)
        {
            sx += from[i].X;
            sy += from[i].Y;
            dx += to[i].X;
            dy += to[i].Y;
        }

        var n = from.Length;
        sx /= n;
        sy /= n;
        dx /= n;
        dy /= n;

        double re = 0, im = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var ux = from[i].X - sx;
            var uy = from[i].Y - sy;
            var vx = to[i].X - dx;
            var vy = to[i].Y - dy;
            re += vx * ux + vy * uy;
            im += vy * ux - vx * uy;
            norm += ux * ux + uy * uy;
        }

        if (norm == 0)
        {
            throw new ArgumentException("Source points coincide; no similarity transform exists.");
        }

        var a = re / norm;
        var b = im / norm;
        return new SimilarityTransform(a, b, dx - (a * sx - b * sy), dy - (b * sx + a * sy));
    }
}
