using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

/// <summary>
/// Checks the sorted/sweep implementation against a direct transcription of facenet's <c>calculate_roc</c> and
/// <c>calculate_val</c> (every threshold × every pair × every fold) on deterministic synthetic data with the default
/// grids. The counts, rates, fold thresholds and accuracies must be bit-identical; AUC and EER (different summation and
/// root-finding paths) must agree to 1e-12 and 1e-10.
/// </summary>
public sealed class VerificationMetricsReferenceTests
{
    public static TheoryData<int, int, int> Cases => new()
    {
        { 600, 10, 1 },  // 10 folds of 30 same + 30 different
        { 1000, 7, 2 },  // uneven KFold blocks (143 × 6 + 142)
        { 300, 3, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_EqualsTheDirectDefinition(int pairs, int folds, int seed)
    {
        var (distances, isSame) = Synthetic(pairs, folds, seed);
        var options = VerificationOptions.Default with { Folds = folds };
        var foldOf = VerificationMetrics.ContiguousFolds(pairs, folds);

        var report = VerificationMetrics.Evaluate(distances, isSame, options);
        var roc = NaiveRoc(distances, isSame, foldOf, folds, options.RocThresholds());
        var val = NaiveVal(distances, isSame, foldOf, folds, options.ValThresholds(), options.FarTarget);

        Assert.Equal(roc.Tpr, report.Tpr);
        Assert.Equal(roc.Fpr, report.Fpr);
        Assert.Equal(roc.FoldThresholds, report.FoldThresholds);
        Assert.Equal(roc.FoldAccuracies, report.FoldAccuracies);
        Assert.Equal(val.Thresholds, report.FoldValThresholds);
        Assert.Equal(val.Vals, report.FoldVals);
        Assert.Equal(val.Fars, report.FoldFars);
        Assert.Equal(roc.FoldAccuracies.Average(), report.Accuracy, 1e-15);
        Assert.Equal(NaiveAuc(roc.Fpr, roc.Tpr), report.Auc, 1e-12);
        Assert.Equal(NaiveEer(roc.Fpr, roc.Tpr), report.Eer, 1e-10);

        // The data are meant to exercise the interesting paths: overlapping classes, interpolated VAL thresholds.
        Assert.InRange(report.Accuracy, 0.6, 0.99);
        Assert.All(report.FoldValThresholds, t => Assert.True(t > 0 && Math.Round(t, 3) != t, $"VAL threshold {t} should be interpolated"));
    }

    [Fact]
    public void Evaluate_DistancesOnGridPoints_StillEqualTheDirectDefinition()
    {
        // Every distance is a grid threshold (computed as the grid computes it), so each one sits exactly on the
        // strict < boundary somewhere.
        var (raw, isSame) = Synthetic(600, 10, 4);
        var distances = raw.Select(d => Math.Round(d * 100) * 0.01).ToArray();
        var foldOf = VerificationMetrics.ContiguousFolds(600, 10);

        var report = VerificationMetrics.Evaluate(distances, isSame);
        var roc = NaiveRoc(distances, isSame, foldOf, 10, VerificationOptions.Default.RocThresholds());
        var val = NaiveVal(distances, isSame, foldOf, 10, VerificationOptions.Default.ValThresholds(), 1e-3);

        Assert.Equal(roc.Tpr, report.Tpr);
        Assert.Equal(roc.Fpr, report.Fpr);
        Assert.Equal(roc.FoldThresholds, report.FoldThresholds);
        Assert.Equal(roc.FoldAccuracies, report.FoldAccuracies);
        Assert.Equal(val.Thresholds, report.FoldValThresholds);
        Assert.Equal(val.Vals, report.FoldVals);
        Assert.Equal(val.Fars, report.FoldFars);
    }

    /// <summary>Each fold block holds equal numbers of same and different pairs; same ≈ 0.2–1.5, different ≈ 0.8–2.6.</summary>
    private static (double[] Distances, bool[] IsSame) Synthetic(int pairs, int folds, int seed)
    {
        var random = new Random(seed);
        var foldOf = VerificationMetrics.ContiguousFolds(pairs, folds);
        var distances = new double[pairs];
        var isSame = new bool[pairs];
        var start = 0;
        for (var f = 0; f < folds; f++)
        {
            var size = foldOf.Count(x => x == f);
            for (var i = 0; i < size; i++)
            {
                isSame[start + i] = i < size / 2;
                var u = random.NextDouble();
                var v = random.NextDouble();
                distances[start + i] = isSame[start + i] ? 0.2 + 0.9 * u + 0.4 * v * v : 0.8 + 1.8 * Math.Sqrt(u);
            }

            start += size;
        }

        return (distances, isSame);
    }

    private static (double Tpr, double Fpr, double Acc) CalculateAccuracy(double threshold, double[] d, bool[] s, List<int> indices)
    {
        int tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var i in indices)
        {
            var predictSame = d[i] < threshold;
            if (predictSame && s[i]) tp++;
            else if (predictSame) fp++;
            else if (s[i]) fn++;
            else tn++;
        }

        return (tp + fn == 0 ? 0 : (double)tp / (tp + fn), fp + tn == 0 ? 0 : (double)fp / (fp + tn), (double)(tp + tn) / indices.Count);
    }

    private static (double Val, double Far) CalculateValFar(double threshold, double[] d, bool[] s, List<int> indices)
    {
        int ta = 0, fa = 0, nSame = 0, nDiff = 0;
        foreach (var i in indices)
        {
            var predictSame = d[i] < threshold;
            if (s[i]) { nSame++; if (predictSame) ta++; }
            else { nDiff++; if (predictSame) fa++; }
        }

        return ((double)ta / nSame, (double)fa / nDiff);
    }

    private static (List<int> Train, List<int> Test) Split(int[] foldOf, int fold) =>
        (Enumerable.Range(0, foldOf.Length).Where(i => foldOf[i] != fold).ToList(),
         Enumerable.Range(0, foldOf.Length).Where(i => foldOf[i] == fold).ToList());

    private static (double[] Tpr, double[] Fpr, double[] FoldThresholds, double[] FoldAccuracies) NaiveRoc(
        double[] d, bool[] s, int[] foldOf, int folds, double[] thresholds)
    {
        var tprs = new double[folds, thresholds.Length];
        var fprs = new double[folds, thresholds.Length];
        var foldThresholds = new double[folds];
        var accuracy = new double[folds];
        for (var f = 0; f < folds; f++)
        {
            var (train, test) = Split(foldOf, f);
            var accTrain = thresholds.Select(t => CalculateAccuracy(t, d, s, train).Acc).ToArray();
            var best = 0;
            for (var t = 1; t < thresholds.Length; t++)
            {
                if (accTrain[t] > accTrain[best]) best = t;
            }

            for (var t = 0; t < thresholds.Length; t++)
            {
                (tprs[f, t], fprs[f, t], _) = CalculateAccuracy(thresholds[t], d, s, test);
            }

            foldThresholds[f] = thresholds[best];
            accuracy[f] = CalculateAccuracy(thresholds[best], d, s, test).Acc;
        }

        var tpr = new double[thresholds.Length];
        var fpr = new double[thresholds.Length];
        for (var t = 0; t < thresholds.Length; t++)
        {
            for (var f = 0; f < folds; f++)
            {
                tpr[t] += tprs[f, t];
                fpr[t] += fprs[f, t];
            }

            tpr[t] /= folds;
            fpr[t] /= folds;
        }

        return (tpr, fpr, foldThresholds, accuracy);
    }

    private static (double[] Thresholds, double[] Vals, double[] Fars) NaiveVal(
        double[] d, bool[] s, int[] foldOf, int folds, double[] thresholds, double farTarget)
    {
        var chosen = new double[folds];
        var vals = new double[folds];
        var fars = new double[folds];
        for (var f = 0; f < folds; f++)
        {
            var (train, test) = Split(foldOf, f);
            var farTrain = thresholds.Select(t => CalculateValFar(t, d, s, train).Far).ToArray();
            chosen[f] = farTrain.Max() >= farTarget ? Interpolation.SplineLinear(farTarget, farTrain, thresholds) : 0.0;
            (vals[f], fars[f]) = CalculateValFar(chosen[f], d, s, test);
        }

        return (chosen, vals, fars);
    }

    private static double NaiveAuc(double[] x, double[] y) =>
        Enumerable.Range(1, x.Length - 1).Sum(i => (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2);

    /// <summary>Bisection on 1 − x − interp(x), with interp taking the last of repeated FPR values by linear scan.</summary>
    private static double NaiveEer(double[] fpr, double[] tpr)
    {
        double Interp(double x)
        {
            var j = -1;
            for (var i = 0; i < fpr.Length; i++)
            {
                if (fpr[i] <= x) j = i;
            }

            if (j < 0) return tpr[0];
            if (j == fpr.Length - 1 || fpr[j] == x) return tpr[j];
            return tpr[j] + (tpr[j + 1] - tpr[j]) * (x - fpr[j]) / (fpr[j + 1] - fpr[j]);
        }

        double lo = 0, hi = 1;
        for (var i = 0; i < 200; i++)
        {
            var mid = (lo + hi) / 2;
            if (1 - mid - Interp(mid) > 0) lo = mid;
            else hi = mid;
        }

        return (lo + hi) / 2;
    }
}
