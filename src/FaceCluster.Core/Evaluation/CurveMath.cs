namespace FaceCluster.Evaluation;

/// <summary>Small numeric helpers with numpy/sklearn semantics: mean, population standard deviation, trapezoid area.</summary>
internal static class CurveMath
{
    /// <summary>The arithmetic mean (<c>np.mean</c>), summed in order.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("The mean of no values is undefined.", nameof(values));
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>The population standard deviation, <c>np.std(x)</c> = sqrt(mean(|x − mean(x)|²)), ddof 0.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        var mean = Mean(values);
        var sum = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            sum += d * d;
        }

        return Math.Sqrt(sum / values.Length);
    }

    /// <summary>
    /// <c>sklearn.metrics.auc(x, y)</c>: the trapezoid rule over the points in the order given. x must be monotonic;
    /// when it is non-increasing the area is negated so that it comes out positive, as sklearn does.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 points, or x is neither non-decreasing nor non-increasing.</exception>
    public static double TrapezoidArea(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length < 2 || x.Length != y.Length)
        {
            throw new ArgumentException("At least 2 points, with as many y as x values, are needed to compute an area.");
        }

        bool anyDown = false, anyUp = false;
        for (var i = 1; i < x.Length; i++)
        {
            anyDown |= x[i] < x[i - 1];
            anyUp |= x[i] > x[i - 1];
        }

        if (anyDown && anyUp)
        {
            throw new ArgumentException("x is neither increasing nor decreasing.", nameof(x));
        }

        var area = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
        }

        return anyDown ? -area : area;
    }
}
