namespace FaceCluster.Evaluation;

/// <summary>
/// The result of <see cref="VerificationMetrics"/>: what davidsandberg/facenet's <c>validate_on_lfw</c> prints, plus the
/// per-fold values and curves behind it.
/// </summary>
/// <remarks>Immutable: the lists are read-only views over arrays nobody else holds.</remarks>
public sealed record VerificationReport
{
    /// <summary>The number of pairs evaluated.</summary>
    public required int Pairs { get; init; }

    /// <summary>The number of same pairs among them.</summary>
    public required int SamePairs { get; init; }

    /// <summary>The number of folds.</summary>
    public required int FoldCount { get; init; }

    /// <summary>Mean test accuracy over the folds (<c>np.mean(accuracy)</c>).</summary>
    public required double Accuracy { get; init; }

    /// <summary>Population standard deviation of the fold accuracies (<c>np.std(accuracy)</c>, ddof 0).</summary>
    public required double AccuracyStd { get; init; }

    /// <summary>Each fold's test accuracy at the threshold chosen on the other folds.</summary>
    public required IReadOnlyList<double> FoldAccuracies { get; init; }

    /// <summary>Each fold's threshold: the first (smallest) grid threshold maximising accuracy on the other folds.</summary>
    public required IReadOnlyList<double> FoldThresholds { get; init; }

    /// <summary>
    /// One overall threshold: the mean of <see cref="FoldThresholds"/>. Each fold threshold was chosen without seeing its
    /// test fold, and all are estimates of the same operating point, so their mean is the natural single value to deploy
    /// (the FaceNet paper reports nearly identical per-split thresholds on LFW). It can fall between grid points.
    /// facenet itself reports no threshold.
    /// </summary>
    public required double Threshold { get; init; }

    /// <summary>The ROC/accuracy threshold grid.</summary>
    public required IReadOnlyList<double> Thresholds { get; init; }

    /// <summary>True positive rate at each threshold of <see cref="Thresholds"/>, averaged over the test folds.</summary>
    public required IReadOnlyList<double> Tpr { get; init; }

    /// <summary>False positive rate at each threshold of <see cref="Thresholds"/>, averaged over the test folds.</summary>
    public required IReadOnlyList<double> Fpr { get; init; }

    /// <summary>Area under the mean ROC curve, by the trapezoid rule (<c>sklearn.metrics.auc(fpr, tpr)</c>).</summary>
    public required double Auc { get; init; }

    /// <summary>Equal error rate: the FPR x at which the interpolated mean ROC has TPR = 1 − x.</summary>
    public required double Eer { get; init; }

    /// <summary>The false accept rate VAL is reported at (1e-3).</summary>
    public required double FarTarget { get; init; }

    /// <summary>Mean validation rate (true accept rate) over the test folds at each fold's FAR-target threshold.</summary>
    public required double ValAtFar { get; init; }

    /// <summary>Population standard deviation of the fold validation rates (<c>np.std(val)</c>).</summary>
    public required double ValStd { get; init; }

    /// <summary>Mean false accept rate over the test folds at each fold's FAR-target threshold.</summary>
    public required double Far { get; init; }

    /// <summary>Each fold's VAL threshold, interpolated from the other folds' FAR curve (0 when it never reaches the target).</summary>
    public required IReadOnlyList<double> FoldValThresholds { get; init; }

    /// <summary>Each fold's validation rate (NaN for a fold without same pairs).</summary>
    public required IReadOnlyList<double> FoldVals { get; init; }

    /// <summary>Each fold's false accept rate (NaN for a fold without different pairs).</summary>
    public required IReadOnlyList<double> FoldFars { get; init; }
}
