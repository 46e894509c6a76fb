namespace FaceCluster.Evaluation;

/// <summary>
/// Face verification metrics computed exactly as davidsandberg/facenet's <c>validate_on_lfw</c> computes them
/// (<c>lfw.evaluate</c>, <c>facenet.calculate_roc</c>, <c>facenet.calculate_val</c>, then AUC and EER).
/// </summary>
/// <remarks>
/// <para><b>Distances.</b> Squared L2 between the two embeddings of a pair (<c>distance_metric=0</c>, no square root), or
/// any precomputed non-negative distance where smaller means more alike. A pair is predicted "same" iff
/// <c>distance &lt; threshold</c> (strict).</para>
/// <para><b>Folds.</b> By default sklearn's <c>KFold(n_splits, shuffle=False)</c> over the pair indices
/// (<see cref="ContiguousFolds"/>); for each fold the other folds are the training set.</para>
/// <para><b>Accuracy / ROC.</b> On the thresholds <c>i × 0.01</c>, i = 0..399: per fold, the threshold is the first
/// (smallest) one that maximises training accuracy; the fold's accuracy is the test accuracy there; the fold's TPR and
/// FPR are recorded at every threshold (a rate with a zero denominator is 0). Accuracy is the mean over folds,
/// AccuracyStd the population standard deviation, and the ROC the per-threshold mean of the fold curves.</para>
/// <para><b>AUC</b> is the trapezoid area of the mean ROC with points in threshold order (increasing FPR).
/// <b>EER</b> is the root on [0, 1] of <c>1 − x − interp(fpr, tpr)(x)</c>, found with Brent's method; the interpolation
/// takes the last point of a run of equal FPR values (see <c>Interpolation.Linear</c>) and is constant beyond the curve's
/// ends, where facenet's <c>interp1d</c> would raise (only possible when the mean FPR never reaches 1).</para>
/// <para><b>VAL@FAR.</b> On the thresholds <c>i × 0.001</c>, i = 0..3999: per fold, the training FAR curve is inverted at
/// the target FAR by SciPy's 'slinear' interpolation (<c>Interpolation.SplineLinear</c>: on a run of equal FAR values the
/// last one is used), or the threshold is 0 when the curve never reaches the target; VAL and FAR are then measured on the
/// test fold at that threshold and averaged (VAL std: population).</para>
/// <para><b>Cost.</b> Distances are sorted once per fold and kind; a whole threshold grid is counted in one sweep, so the
/// cost is O(n log n + folds × thresholds) rather than O(n × thresholds × folds). The results equal the direct
/// definition (the tests check this).</para>
/// <para><b>Differences from facenet</b>, all in cases where facenet raises instead: a fold with no same (or no
/// different) test pairs gets VAL (or FAR) NaN instead of <c>ZeroDivisionError</c>; a training set with no different
/// pairs gets VAL threshold 0; the EER interpolation is clamped beyond the curve. Sums run in index order, so means may
/// differ from numpy's pairwise summation in the last bits.</para>
/// </remarks>
public static class VerificationMetrics
{
    /// <summary>
    /// Evaluates pairs of embeddings: pair i is (<paramref name="embeddingsA"/>[i], <paramref name="embeddingsB"/>[i]),
    /// scored by squared L2 distance, with contiguous folds.
    /// </summary>
    public static VerificationReport Evaluate(
        IReadOnlyList<float[]> embeddingsA,
        IReadOnlyList<float[]> embeddingsB,
        ReadOnlySpan<bool> isSame,
        VerificationOptions? options = null) =>
        Evaluate(SquaredDistances(embeddingsA, embeddingsB), isSame, options);

    /// <summary>Evaluates precomputed pair distances with contiguous folds (<see cref="ContiguousFolds"/>).</summary>
    public static VerificationReport Evaluate(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, VerificationOptions? options = null)
    {
        options ??= VerificationOptions.Default;
        return Evaluate(distances, isSame, ContiguousFolds(distances.Length, options.Folds), options);
    }

    /// <summary>
    /// Evaluates precomputed pair distances with a given fold for each pair (0 ≤ fold &lt; <see cref="VerificationOptions.Folds"/>,
    /// every fold non-empty), for example <see cref="LfwPairsFile.GetFolds"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a distance is NaN or negative, or a fold is out of range or empty.</exception>
    public static VerificationReport Evaluate(
        ReadOnlySpan<double> distances,
        ReadOnlySpan<bool> isSame,
        ReadOnlySpan<int> folds,
        VerificationOptions? options = null)
    {
        options ??= VerificationOptions.Default;
        Validate(distances, isSame, folds, options.Folds);
        var index = new FoldedDistances(distances, isSame, folds, options.Folds);

        var thresholds = options.RocThresholds();
        var (tpr, fpr, foldThresholds, foldAccuracies) = EvaluateRoc(index, thresholds);
        var (foldValThresholds, foldVals, foldFars) = EvaluateVal(index, options.ValThresholds(), options.FarTarget);

        return new VerificationReport
        {
            Pairs = distances.Length,
            SamePairs = index.TotalSame,
            FoldCount = options.Folds,
            Accuracy = CurveMath.Mean(foldAccuracies),
            AccuracyStd = CurveMath.PopulationStd(foldAccuracies),
            FoldAccuracies = Array.AsReadOnly(foldAccuracies),
            FoldThresholds = Array.AsReadOnly(foldThresholds),
            Threshold = CurveMath.Mean(foldThresholds),
            Thresholds = Array.AsReadOnly(thresholds),
            Tpr = Array.AsReadOnly(tpr),
            Fpr = Array.AsReadOnly(fpr),
            Auc = CurveMath.TrapezoidArea(fpr, tpr),
            Eer = EqualErrorRate(fpr, tpr),
            FarTarget = options.FarTarget,
            ValAtFar = CurveMath.Mean(foldVals),
            ValStd = CurveMath.PopulationStd(foldVals),
            Far = CurveMath.Mean(foldFars),
            FoldValThresholds = Array.AsReadOnly(foldValThresholds),
            FoldVals = Array.AsReadOnly(foldVals),
            FoldFars = Array.AsReadOnly(foldFars),
        };
    }

    /// <summary>
    /// sklearn's <c>KFold(n_splits=foldCount, shuffle=False)</c> as a fold index per pair: contiguous blocks, the first
    /// <c>pairCount % foldCount</c> of them one pair longer. 6000 pairs in 10 folds gives blocks of 600.
    /// </summary>
    public static int[] ContiguousFolds(int pairCount, int foldCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 2);
        if (pairCount < foldCount)
        {
            throw new ArgumentException($"Cannot split {pairCount} pairs into {foldCount} folds.", nameof(pairCount));
        }

        var folds = new int[pairCount];
        int baseSize = pairCount / foldCount, longer = pairCount % foldCount, start = 0;
        for (var f = 0; f < foldCount; f++)
        {
            var size = baseSize + (f < longer ? 1 : 0);
            folds.AsSpan(start, size).Fill(f);
            start += size;
        }

        return folds;
    }

    /// <summary>The squared L2 distance, accumulated in double: <c>Σ (a − b)²</c>.</summary>
    public static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Embeddings of different lengths ({a.Length} and {b.Length}).");
        }

        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            sum += d * d;
        }

        return sum;
    }

    /// <summary>The squared L2 distance of each pair (<paramref name="embeddingsA"/>[i], <paramref name="embeddingsB"/>[i]).</summary>
    public static double[] SquaredDistances(IReadOnlyList<float[]> embeddingsA, IReadOnlyList<float[]> embeddingsB)
    {
        ArgumentNullException.ThrowIfNull(embeddingsA);
        ArgumentNullException.ThrowIfNull(embeddingsB);
        if (embeddingsA.Count != embeddingsB.Count)
        {
            throw new ArgumentException($"{embeddingsA.Count} left but {embeddingsB.Count} right embeddings.");
        }

        var distances = new double[embeddingsA.Count];
        for (var i = 0; i < distances.Length; i++)
        {
            distances[i] = SquaredDistance(embeddingsA[i], embeddingsB[i]);
        }

        return distances;
    }

    private static void Validate(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, ReadOnlySpan<int> folds, int foldCount)
    {
        if (isSame.Length != distances.Length || folds.Length != distances.Length)
        {
            throw new ArgumentException(
                $"{distances.Length} distances, {isSame.Length} same/different flags and {folds.Length} fold indices: the counts must agree.");
        }

        var perFold = new int[foldCount];
        for (var i = 0; i < distances.Length; i++)
        {
            if (!(distances[i] >= 0))
            {
                throw new ArgumentException($"Distance {i} is {distances[i]}; distances must be non-negative numbers.", nameof(distances));
            }

            if ((uint)folds[i] >= (uint)foldCount)
            {
                throw new ArgumentException($"Pair {i} has fold {folds[i]}, outside 0..{foldCount - 1}.", nameof(folds));
            }

            perFold[folds[i]]++;
        }

        var empty = Array.IndexOf(perFold, 0);
        if (empty >= 0)
        {
            throw new ArgumentException($"Fold {empty} has no pairs.", nameof(folds));
        }
    }

    private static (double[] Tpr, double[] Fpr, double[] FoldThresholds, double[] FoldAccuracies) EvaluateRoc(
        FoldedDistances index, double[] thresholds)
    {
        var sameBelow = index.CountBelow(same: true, thresholds);
        var differentBelow = index.CountBelow(same: false, thresholds);
        var allSameBelow = SumOverFolds(sameBelow);
        var allDifferentBelow = SumOverFolds(differentBelow);

        var folds = index.FoldCount;
        var tpr = new double[thresholds.Length];
        var fpr = new double[thresholds.Length];
        var foldThresholds = new double[folds];
        var foldAccuracies = new double[folds];
        for (var f = 0; f < folds; f++)
        {
            int same = index.Count(f, same: true), different = index.Count(f, same: false);
            var trainDifferent = index.TotalDifferent - different;

            // Training accuracy has one denominator for all thresholds, so the first argmax of the number of
            // correct predictions is the first argmax of the accuracy.
            int best = 0, bestCorrect = -1;
            for (var t = 0; t < thresholds.Length; t++)
            {
                var truePositives = allSameBelow[t] - sameBelow[f][t];
                var trueNegatives = trainDifferent - (allDifferentBelow[t] - differentBelow[f][t]);
                if (truePositives + trueNegatives > bestCorrect)
                {
                    bestCorrect = truePositives + trueNegatives;
                    best = t;
                }
            }

            for (var t = 0; t < thresholds.Length; t++)
            {
                tpr[t] += same == 0 ? 0.0 : (double)sameBelow[f][t] / same;
                fpr[t] += different == 0 ? 0.0 : (double)differentBelow[f][t] / different;
            }

            foldThresholds[f] = thresholds[best];
            var correct = sameBelow[f][best] + (different - differentBelow[f][best]);
            foldAccuracies[f] = (double)correct / (same + different);
        }

        for (var t = 0; t < thresholds.Length; t++)
        {
            tpr[t] /= folds;
            fpr[t] /= folds;
        }

        return (tpr, fpr, foldThresholds, foldAccuracies);
    }

    private static (double[] Thresholds, double[] Vals, double[] Fars) EvaluateVal(FoldedDistances index, double[] thresholds, double farTarget)
    {
        var differentBelow = index.CountBelow(same: false, thresholds);
        var allDifferentBelow = SumOverFolds(differentBelow);

        var folds = index.FoldCount;
        var foldThresholds = new double[folds];
        var vals = new double[folds];
        var fars = new double[folds];
        var farTrain = new double[thresholds.Length];
        for (var f = 0; f < folds; f++)
        {
            int same = index.Count(f, same: true), different = index.Count(f, same: false);
            var trainDifferent = index.TotalDifferent - different;
            var threshold = 0.0;
            if (trainDifferent > 0)
            {
                var maxFar = 0.0;
                for (var t = 0; t < thresholds.Length; t++)
                {
                    farTrain[t] = (double)(allDifferentBelow[t] - differentBelow[f][t]) / trainDifferent;
                    maxFar = Math.Max(maxFar, farTrain[t]);
                }

                if (maxFar >= farTarget)
                {
                    threshold = Interpolation.SplineLinear(farTarget, farTrain, thresholds);
                }
            }

            foldThresholds[f] = threshold;
            vals[f] = same == 0 ? double.NaN : (double)index.CountBelow(f, same: true, threshold) / same;
            fars[f] = different == 0 ? double.NaN : (double)index.CountBelow(f, same: false, threshold) / different;
        }

        return (foldThresholds, vals, fars);
    }

    private static double EqualErrorRate(double[] fpr, double[] tpr) =>
        BrentRootFinder.FindRoot(x => 1.0 - x - Interpolation.Linear(x, fpr, tpr), 0.0, 1.0);

    private static int[] SumOverFolds(int[][] perFold)
    {
        var sum = new int[perFold[0].Length];
        foreach (var counts in perFold)
        {
            for (var t = 0; t < sum.Length; t++)
            {
                sum[t] += counts[t];
            }
        }

        return sum;
    }
}
