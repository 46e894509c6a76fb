namespace FaceCluster.Evaluation;

/// <summary>
/// Settings of <see cref="VerificationMetrics"/>. The defaults are davidsandberg/facenet's <c>validate_on_lfw</c>:
/// 10 folds, ROC thresholds <c>np.arange(0, 4, 0.01)</c>, VAL thresholds <c>np.arange(0, 4, 0.001)</c>, FAR target 1e-3.
/// </summary>
/// <remarks>
/// Threshold i of a grid is <c>i × step</c>, which is what <c>np.arange(0, stop, step)</c> computes (it fills
/// <c>start + i·delta</c>). Immutable; values are checked when set, so an instance is always valid.
/// </remarks>
public sealed record VerificationOptions
{
    private readonly int _folds = 10;
    private readonly double _rocThresholdStep = 0.01;
    private readonly int _rocThresholdCount = 400;
    private readonly double _valThresholdStep = 0.001;
    private readonly int _valThresholdCount = 4000;
    private readonly double _farTarget = 1e-3;

    public static VerificationOptions Default { get; } = new();

    /// <summary>The number of cross-validation folds (<c>--lfw_nrof_folds</c>); at least 2, as for sklearn's KFold.</summary>
    public int Folds
    {
        get => _folds;
        init => _folds = value >= 2
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Folds), value, "Folds must be at least 2.");
    }

    /// <summary>The spacing of the ROC/accuracy threshold grid; positive.</summary>
    public double RocThresholdStep
    {
        get => _rocThresholdStep;
        init => _rocThresholdStep = CheckStep(value, nameof(RocThresholdStep));
    }

    /// <summary>The number of ROC/accuracy thresholds; at least 2.</summary>
    public int RocThresholdCount
    {
        get => _rocThresholdCount;
        init => _rocThresholdCount = CheckCount(value, nameof(RocThresholdCount));
    }

    /// <summary>The spacing of the VAL threshold grid; positive.</summary>
    public double ValThresholdStep
    {
        get => _valThresholdStep;
        init => _valThresholdStep = CheckStep(value, nameof(ValThresholdStep));
    }

    /// <summary>The number of VAL thresholds; at least 2.</summary>
    public int ValThresholdCount
    {
        get => _valThresholdCount;
        init => _valThresholdCount = CheckCount(value, nameof(ValThresholdCount));
    }

    /// <summary>The false accept rate at which VAL is reported; must lie in (0, 1].</summary>
    public double FarTarget
    {
        get => _farTarget;
        init => _farTarget = value is > 0 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FarTarget), value, "FarTarget must lie in (0, 1].");
    }

    /// <summary>The ROC/accuracy thresholds, <c>i × RocThresholdStep</c>.</summary>
    public double[] RocThresholds() => Grid(RocThresholdStep, RocThresholdCount);

    /// <summary>The VAL thresholds, <c>i × ValThresholdStep</c>.</summary>
    public double[] ValThresholds() => Grid(ValThresholdStep, ValThresholdCount);

    private static double[] Grid(double step, int count)
    {
        var grid = new double[count];
        for (var i = 0; i < count; i++)
        {
            grid[i] = i * step;
        }

        return grid;
    }

    private static double CheckStep(double value, string name) =>
        double.IsFinite(value) && value > 0
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite.");

    private static int CheckCount(int value, string name) =>
        value >= 2
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 2.");
}
