namespace FaceCluster.Evaluation;

/// <summary>
/// Brent's bracketed root finder (inverse quadratic interpolation, secant steps and bisection), with the stopping rule
/// and defaults of <c>scipy.optimize.brentq</c>: stop when the bracket half-width is below
/// <c>(xtol + rtol·|x|)/2</c> or f(x) is exactly 0.
/// </summary>
internal static class BrentRootFinder
{
    /// <summary>brentq's default absolute tolerance.</summary>
    public const double DefaultXTolerance = 2e-12;

    /// <summary>brentq's default relative tolerance, 4 × machine epsilon.</summary>
    public const double DefaultRTolerance = 4 * 2.220446049250313e-16;

    /// <summary>Finds x in [a, b] with f(x) = 0; f(a) and f(b) must not have the same sign.</summary>
    /// <exception cref="ArgumentException">f(a) and f(b) have the same sign, or one is NaN.</exception>
    /// <exception cref="InvalidOperationException">No convergence within <paramref name="maxIterations"/>.</exception>
    public static double FindRoot(
        Func<double, double> f,
        double a,
        double b,
        double xTolerance = DefaultXTolerance,
        double rTolerance = DefaultRTolerance,
        int maxIterations = 100)
    {
        ArgumentNullException.ThrowIfNull(f);
        double previous = a, fPrevious = f(a);
        double current = b, fCurrent = f(b);
        if (fPrevious == 0)
        {
            return previous;
        }

        if (fCurrent == 0)
        {
            return current;
        }

        if (double.IsNaN(fPrevious) || double.IsNaN(fCurrent) || double.IsNegative(fPrevious) == double.IsNegative(fCurrent))
        {
            throw new ArgumentException($"f(a) = {fPrevious} and f(b) = {fCurrent} must have opposite signs.");
        }

        // 'current' is the best estimate, 'previous' the one before, and 'contra' the bracket end whose f has the
        // opposite sign; step and previousStep are the last two step lengths.
        double contra = 0, fContra = 0, step = 0, previousStep = 0;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            if (fPrevious != 0 && fCurrent != 0 && double.IsNegative(fPrevious) != double.IsNegative(fCurrent))
            {
                contra = previous;
                fContra = fPrevious;
                step = previousStep = current - previous;
            }

            if (Math.Abs(fContra) < Math.Abs(fCurrent))
            {
                (previous, current, contra) = (current, contra, current);
                (fPrevious, fCurrent, fContra) = (fCurrent, fContra, fCurrent);
            }

            var tolerance = (xTolerance + rTolerance * Math.Abs(current)) / 2;
            var bisect = (contra - current) / 2;
            if (fCurrent == 0 || Math.Abs(bisect) < tolerance)
            {
                return current;
            }

            if (Math.Abs(previousStep) > tolerance && Math.Abs(fCurrent) < Math.Abs(fPrevious))
            {
                double trial;
                if (previous == contra)
                {
                    // Secant through the two bracket ends.
                    trial = -fCurrent * (current - previous) / (fCurrent - fPrevious);
                }
                else
                {
                    // Inverse quadratic interpolation through the three points.
                    var dPrevious = (fPrevious - fCurrent) / (previous - current);
                    var dContra = (fContra - fCurrent) / (contra - current);
                    trial = -fCurrent * (fContra * dContra - fPrevious * dPrevious) / (dContra * dPrevious * (fContra - fPrevious));
                }

                if (2 * Math.Abs(trial) < Math.Min(Math.Abs(previousStep), 3 * Math.Abs(bisect) - tolerance))
                {
                    previousStep = step;
                    step = trial;
                }
                else
                {
                    previousStep = step = bisect;
                }
            }
            else
            {
                previousStep = step = bisect;
            }

            previous = current;
            fPrevious = fCurrent;
            current += Math.Abs(step) > tolerance ? step : (bisect > 0 ? tolerance : -tolerance);
            fCurrent = f(current);
        }

        throw new InvalidOperationException($"Brent's method did not converge in {maxIterations} iterations.");
    }
}
