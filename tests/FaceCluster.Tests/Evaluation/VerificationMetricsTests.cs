using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

/// <summary>
/// Hand-computed cases on a 5-point threshold grid (0, 0.5, 1, 1.5, 2) and 2 folds of 4 pairs. The working is in the
/// comments; every expected value below was derived by hand from facenet's definitions.
/// </summary>
public sealed class VerificationMetricsTests
{
    private const double Tolerance = 1e-12;

    // Fold 0: same 0.2, 0.7; different 0.6, 1.8. Fold 1: same 0.4, 0.45; different 1.1, 0.9.
    private static readonly double[] Distances = [0.2, 0.7, 0.6, 1.8, 0.4, 0.45, 1.1, 0.9];
    private static readonly bool[] IsSame = [true, true, false, false, true, true, false, false];

    private static readonly VerificationOptions SmallGrid = new()
    {
        Folds = 2,
        RocThresholdStep = 0.5,
        RocThresholdCount = 5,
        ValThresholdStep = 0.5,
        ValThresholdCount = 5,
        FarTarget = 0.25,
    };

    [Fact]
    public void Evaluate_HandCase_RocCurveIsTheMeanOfTheFoldCurves()
    {
        // Test fold 0: TPR 0, 1/2, 1, 1, 1 and FPR 0, 0, 1/2, 1/2, 1. Test fold 1: TPR 0, 1, 1, 1, 1 and FPR 0, 0, 1/2, 1, 1.
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid);

        Assert.Equal([0, 0.5, 1.0, 1.5, 2.0], report.Thresholds);
        Assert.Equal([0, 0.75, 1, 1, 1], report.Tpr);
        Assert.Equal([0, 0, 0.5, 0.75, 1], report.Fpr);
        Assert.Equal(8, report.Pairs);
        Assert.Equal(4, report.SamePairs);
        Assert.Equal(2, report.FoldCount);
    }

    [Fact]
    public void Evaluate_HandCase_FoldThresholdIsFirstArgmaxOfTrainAccuracy()
    {
        // Fold 0 trains on fold 1: correct = 2, 4, 3, 2, 2 -> 0.5; test at 0.5: 0.2 accepted, 0.6 and 1.8 rejected = 3/4.
        // Fold 1 trains on fold 0: correct = 2, 3, 3, 3, 2 -> a tie, the smallest (0.5) wins; test at 0.5 is 4/4
        // (1.0 would have given 3/4).
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid);

        Assert.Equal([0.5, 0.5], report.FoldThresholds);
        Assert.Equal([0.75, 1.0], report.FoldAccuracies);
        Assert.Equal(0.875, report.Accuracy, Tolerance);
        Assert.Equal(0.125, report.AccuracyStd, Tolerance); // population std; the sample std would be 0.1768
        Assert.Equal(0.5, report.Threshold, Tolerance);
    }

    [Fact]
    public void Evaluate_AllTrainThresholdsTie_PicksTheSmallest()
    {
        // Fold 1 now has different pair 0.3: fold 0's training set (fold 1) is right on 2 of 4 at every threshold, so
        // threshold 0 is chosen, and fold 0's test accuracy at 0 is 2/4.
        double[] distances = [0.2, 0.7, 0.6, 1.8, 0.4, 1.2, 1.1, 0.3];

        var report = VerificationMetrics.Evaluate(distances, IsSame, SmallGrid);

        Assert.Equal(0.0, report.FoldThresholds[0]);
        Assert.Equal(0.5, report.FoldAccuracies[0]);
        Assert.Equal(0.25, report.Threshold, Tolerance); // mean of 0 and 0.5
    }

    [Fact]
    public void Evaluate_DistanceEqualToThreshold_IsPredictedDifferent()
    {
        // Same pairs exactly at 0.5 are rejected at threshold 0.5 (dist < threshold is strict).
        double[] distances = [0.5, 0.5, 1.8, 1.8, 0.5, 0.5, 1.8, 1.8];

        var report = VerificationMetrics.Evaluate(distances, IsSame, SmallGrid);

        Assert.Equal(0, report.Tpr[1]);
        Assert.Equal(1, report.Tpr[2]);
        Assert.Equal([1.0, 1.0], report.FoldThresholds);
    }

    [Fact]
    public void Evaluate_HandCase_AucIsTrapezoidAreaOfTheMeanRoc()
    {
        // Points (0,0) (0,.75) (.5,1) (.75,1) (1,1): 0 + .5·1.75/2 + .25·1 + .25·1 = 0.9375.
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid);

        Assert.Equal(0.9375, report.Auc, Tolerance);
    }

    [Fact]
    public void Evaluate_HandCase_EerSolvesOneMinusFprEqualsInterpolatedTpr()
    {
        // FPR 0 repeats at thresholds 0 and 0.5: the interpolation takes the last, TPR(0) = 0.75. On [0, 0.5] the ROC is
        // 0.75 + 0.5x, so 1 − x = 0.75 + 0.5x gives x = 1/6.
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid);

        Assert.Equal(1.0 / 6.0, report.Eer, 1e-11);
    }

    [Fact]
    public void Evaluate_HandCase_ValAtFarInterpolatesBetweenGridThresholds()
    {
        // Fold 0 trains on fold 1's different pairs (0.9, 1.1): FAR = 0, 0, .5, 1, 1. The last FAR ≤ .25 is at
        // index 1 (threshold .5), the next at index 2 (threshold 1, FAR .5): threshold = .5 + (.25/.5)·.5 = .75.
        // Fold 1 trains on 0.6, 1.8: FAR = 0, 0, .5, .5, 1, also .75. At .75 fold 0 accepts both same pairs and 0.6
        // (FAR 1/2); fold 1 accepts both same pairs and no different pair.
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid);

        Assert.Equal(0.25, report.FarTarget);
        Assert.Equal([0.75, 0.75], report.FoldValThresholds.Select(t => Math.Round(t, 12)));
        Assert.Equal([1.0, 1.0], report.FoldVals);
        Assert.Equal([0.5, 0.0], report.FoldFars);
        Assert.Equal(1.0, report.ValAtFar, Tolerance);
        Assert.Equal(0.0, report.ValStd, Tolerance);
        Assert.Equal(0.25, report.Far, Tolerance);
    }

    [Fact]
    public void Evaluate_FarTargetOnARunOfEqualFars_UsesTheLastThresholdOfTheRun()
    {
        // Target .5. Fold 0: FAR = 0, 0, .5, 1, 1 -> .5 only at threshold 1, next is 1.5 at FAR 1: threshold 1.
        // Fold 1: FAR = 0, 0, .5, .5, 1 -> .5 at thresholds 1 and 1.5; the last (1.5) is used, as SciPy's slinear does.
        var report = VerificationMetrics.Evaluate(Distances, IsSame, SmallGrid with { FarTarget = 0.5 });

        Assert.Equal([1.0, 1.5], report.FoldValThresholds);
        Assert.Equal([0.5, 1.0], report.FoldFars);
        Assert.Equal(0.75, report.Far, Tolerance);
    }

    [Fact]
    public void Evaluate_ValVariesByFold_ReportsPopulationStd()
    {
        // As the interpolation case, but fold 0's second same pair is 0.8: at threshold .75 fold 0 accepts 1 of 2.
        double[] distances = [0.2, 0.8, 0.6, 1.8, 0.4, 0.45, 1.1, 0.9];

        var report = VerificationMetrics.Evaluate(distances, IsSame, SmallGrid);

        Assert.Equal([0.5, 1.0], report.FoldVals);
        Assert.Equal(0.75, report.ValAtFar, Tolerance);
        Assert.Equal(0.25, report.ValStd, Tolerance);
    }

    [Fact]
    public void Evaluate_TrainFarNeverReachesTarget_ValThresholdIsZero()
    {
        // On the grid 0, .5, 1 the training FARs top out at .5 < .6, so the threshold is 0 and nothing is accepted.
        var options = SmallGrid with { ValThresholdCount = 3, FarTarget = 0.6 };

        var report = VerificationMetrics.Evaluate(Distances, IsSame, options);

        Assert.Equal([0.0, 0.0], report.FoldValThresholds);
        Assert.Equal(0.0, report.ValAtFar);
        Assert.Equal(0.0, report.Far);
    }

    [Fact]
    public void Evaluate_PerfectSeparation_GivesAccuracyAndAucOneAndEerZero()
    {
        double[] distances = [0.1, 0.2, 1.7, 1.9, 0.3, 0.1, 1.6, 1.9];

        var report = VerificationMetrics.Evaluate(distances, IsSame, SmallGrid);

        Assert.Equal(1.0, report.Accuracy);
        Assert.Equal(0.0, report.AccuracyStd);
        Assert.Equal(1.0, report.Auc, Tolerance);
        Assert.Equal(0.0, report.Eer);
    }

    [Fact]
    public void Evaluate_ExplicitFolds_AreUsedInsteadOfContiguousBlocks()
    {
        // Interleaving the two folds of the hand case and passing the fold of each pair reproduces its results.
        int[] order = [0, 4, 1, 5, 2, 6, 3, 7];
        var distances = order.Select(i => Distances[i]).ToArray();
        var isSame = order.Select(i => IsSame[i]).ToArray();
        var folds = order.Select(i => i / 4).ToArray();

        var report = VerificationMetrics.Evaluate(distances, isSame, folds, SmallGrid);

        Assert.Equal([0.75, 1.0], report.FoldAccuracies);
        Assert.Equal([0, 0.75, 1, 1, 1], report.Tpr);
    }

    [Fact]
    public void Evaluate_Embeddings_UsesSquaredL2Distances()
    {
        float[][] left = [[1, 0], [1, 0], [0, 1], [1, 0]];
        float[][] right = [[1, 0], [0, 1], [0, 1], [-1, 0]];
        var options = SmallGrid with { RocThresholdCount = 6 };

        var fromEmbeddings = VerificationMetrics.Evaluate(left, right, [true, false, true, false], options);
        var fromDistances = VerificationMetrics.Evaluate([0.0, 2.0, 0.0, 4.0], [true, false, true, false], options);

        Assert.Equal([0.0, 2.0, 0.0, 4.0], VerificationMetrics.SquaredDistances(left, right));
        Assert.Equal(fromDistances.Tpr, fromEmbeddings.Tpr);
        Assert.Equal(fromDistances.FoldAccuracies, fromEmbeddings.FoldAccuracies);
    }

    [Fact]
    public void SquaredDistance_IsNotSquareRooted()
    {
        Assert.Equal(25.0, VerificationMetrics.SquaredDistance([0f, 0f], [3f, 4f]));
    }

    [Theory]
    [InlineData(6000, 10, 600, 600)]
    [InlineData(23, 10, 3, 2)]
    public void ContiguousFolds_MatchesSklearnKFoldSizes(int pairs, int folds, int firstSize, int lastSize)
    {
        var assignment = VerificationMetrics.ContiguousFolds(pairs, folds);

        Assert.Equal(pairs, assignment.Length);
        Assert.Equal(firstSize, assignment.Count(f => f == 0));
        Assert.Equal(lastSize, assignment.Count(f => f == folds - 1));
        Assert.True(assignment.Zip(assignment.Skip(1)).All(p => p.Second == p.First || p.Second == p.First + 1));
    }

    [Fact]
    public void Evaluate_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1, double.NaN, 0.2, 0.3], [true, true, false, false], SmallGrid));
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1, -0.1, 0.2, 0.3], [true, true, false, false], SmallGrid));
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1, 0.2], [true, false, true], SmallGrid));
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1], [true], SmallGrid));
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1, 0.2], [true, false], [0, 0], SmallGrid));
        Assert.Throws<ArgumentException>(() => VerificationMetrics.Evaluate([0.1, 0.2], [true, false], [0, 2], SmallGrid));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerificationOptions { Folds = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VerificationOptions { FarTarget = 0 });
    }

    [Fact]
    public void DefaultOptions_AreValidateOnLfwGrids()
    {
        var options = VerificationOptions.Default;

        var roc = options.RocThresholds();
        var val = options.ValThresholds();

        Assert.Equal(10, options.Folds);
        Assert.Equal(1e-3, options.FarTarget);
        Assert.Equal(400, roc.Length);
        Assert.Equal(3.99, roc[^1], 1e-12);
        Assert.Equal(4000, val.Length);
        Assert.Equal(3.999, val[^1], 1e-12);
    }
}
