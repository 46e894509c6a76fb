namespace FaceCluster.Evaluation;

/// <summary>
/// The two piecewise-linear interpolations <c>validate_on_lfw</c> relies on, with the handling of repeated x values
/// (the FAR and FPR curves are step functions full of them) spelt out.
/// </summary>
internal static class Interpolation
{
    /// <summary>
    /// <c>np.interp(x, xp, fp)</c>, which <c>scipy.interpolate.interp1d(xp, fp)</c> (kind 'linear') delegates to for 1-D
    /// float data. <paramref name="xp"/> must be non-decreasing and may repeat values.
    /// </summary>
    /// <remarks>
    /// Let j be the <b>last</b> index with <c>xp[j] ≤ x</c>. Then: below <c>xp[0]</c> the result is <c>fp[0]</c>; above
    /// <c>xp[^1]</c> it is <c>fp[^1]</c>; if <c>xp[j] == x</c> or j is the last index it is <c>fp[j]</c> (so on a run of
    /// equal xp values the last run member wins); otherwise it is the line through points j and j + 1, which then
    /// differ in x. This is numpy's <c>binary_search_with_guess</c> plus the branches of <c>arr_interp</c>.
    /// Unlike interp1d (bounds_error=True), x outside [xp[0], xp[^1]] is clamped rather than rejected.
    /// </remarks>
    public static double Linear(double x, ReadOnlySpan<double> xp, ReadOnlySpan<double> fp)
    {
        if (xp.Length == 0 || xp.Length != fp.Length)
        {
            throw new ArgumentException("xp and fp must be non-empty and of equal length.");
        }

        if (double.IsNaN(x))
        {
            return x;
        }

        if (x < xp[0])
        {
            return fp[0];
        }

        if (x > xp[^1])
        {
            return fp[^1];
        }

        var j = LastAtOrBelow(x, xp);
        if (j == xp.Length - 1 || xp[j] == x)
        {
            return fp[j];
        }

        var slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        var y = slope * (x - xp[j]) + fp[j];
        if (double.IsNaN(y))
        {
            y = slope * (x - xp[j + 1]) + fp[j + 1];
            if (double.IsNaN(y) && fp[j] == fp[j + 1])
            {
                y = fp[j];
            }
        }

        return y;
    }

    /// <summary>
    /// <c>scipy.interpolate.interp1d(xs, ys, kind='slinear')(x)</c> as SciPy evaluated it when facenet was written: a
    /// degree-1 B-spline with knots <c>[xs[0], xs..., xs[^1]]</c> and coefficients <paramref name="ys"/>.
    /// <paramref name="xs"/> must be non-decreasing and may repeat values; x must lie in [xs[0], xs[^1]].
    /// </summary>
    /// <remarks>
    /// <para>Tie handling (SciPy's <c>find_interval</c> and de Boor step): let q be the first index ≥ 1 with
    /// <c>xs[q] &gt; x</c> (q = last index when there is none) and p = q − 1, which is the <b>last</b> index with
    /// <c>xs[p] ≤ x</c>. The result is <c>ys[p]·w·(xs[q] − x) + ys[q]·w·(x − xs[p])</c> with <c>w = 1/(xs[q] − xs[p])</c>.
    /// So when x equals a repeated xs value, the y of the last repeat is returned (up to rounding).</para>
    /// <para>One degenerate case is reproduced as SciPy computed it: x = xs[^1] with xs[^2] == xs[^1] (a zero-length last
    /// interval) gives 0.</para>
    /// <para>SciPy ≥ 1.9 raises "Expect x to not have duplicates" for repeated xs (scipy/scipy#21550), so
    /// <c>calculate_val</c> only runs on older SciPy; these are the semantics it had there.</para>
    /// </remarks>
    public static double SplineLinear(double x, ReadOnlySpan<double> xs, ReadOnlySpan<double> ys)
    {
        if (xs.Length < 2 || xs.Length != ys.Length)
        {
            throw new ArgumentException("xs and ys must have equal lengths of at least 2.");
        }

        if (!(x >= xs[0] && x <= xs[^1]))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, $"x must lie in the interpolation range [{xs[0]}, {xs[^1]}].");
        }

        var q = Math.Max(1, LastAtOrBelow(x, xs) + 1);
        if (q > xs.Length - 1)
        {
            q = xs.Length - 1;
        }

        var p = q - 1;
        if (xs[q] == xs[p])
        {
            return 0.0;
        }

        var w = 1.0 / (xs[q] - xs[p]);
        return ys[p] * (w * (xs[q] - x)) + ys[q] * (w * (x - xs[p]));
    }

    /// <summary>The last index j with <c>sorted[j] ≤ x</c>, or −1 when there is none.</summary>
    private static int LastAtOrBelow(double x, ReadOnlySpan<double> sorted)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo - 1;
    }
}
