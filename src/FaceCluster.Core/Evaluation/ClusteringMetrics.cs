namespace FaceCluster.Evaluation;

/// <summary>
/// External clustering metrics from true labels and predicted cluster labels, all computed from the contingency table in
/// O(items + non-empty cells).
/// </summary>
/// <remarks>
/// <para>A predicted label of <see cref="Unassigned"/> (−1) means the item was left out of every cluster; each such item
/// is scored as a cluster of its own (so two unassigned items are never "together"). Other predicted labels must be
/// non-negative; true labels may be any integers.</para>
/// <para><b>Pairwise</b>: over all unordered pairs of items, a pair is predicted positive when both share a cluster and
/// truly positive when both share a label; precision and recall are 1 when their denominator is 0.</para>
/// <para><b>BCubed</b> (Bagga and Baldwin; Amigó et al. 2009): per-item precision and recall averaged over items; F1 is
/// the harmonic mean of the two averages.</para>
/// <para><b>NMI</b>: <c>sklearn.metrics.normalized_mutual_info_score(average_method='arithmetic')</c> on the labels with
/// every −1 replaced by a fresh label: MI / ((H(true) + H(pred)) / 2) in nats; 1 when both labellings have a single
/// label; 0 when the mutual information is 0 (including when exactly one side has a single label).</para>
/// </remarks>
public static class ClusteringMetrics
{
    /// <summary>The predicted label of an item that belongs to no cluster.</summary>
    public const int Unassigned = -1;

    /// <summary><c>np.finfo(np.float64).eps</c>, below which sklearn zeroes a mutual-information term.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <exception cref="ArgumentException">The arrays are empty or of different lengths, or a predicted label is below −1.</exception>
    public static ClusteringReport Evaluate(ReadOnlySpan<int> trueLabels, ReadOnlySpan<int> predictedLabels)
    {
        if (trueLabels.Length != predictedLabels.Length)
        {
            throw new ArgumentException($"{trueLabels.Length} true labels but {predictedLabels.Length} predicted labels.");
        }

        if (trueLabels.IsEmpty)
        {
            throw new ArgumentException("There are no items to evaluate.", nameof(trueLabels));
        }

        var n = trueLabels.Length;
        var classOf = new Dictionary<int, int>();
        var clusterOf = new Dictionary<int, int>();
        var classSizes = new List<int>();
        var clusterSizes = new List<int>();
        var cells = new Dictionary<(int Class, int Cluster), int>();
        var unassigned = 0;
        for (var i = 0; i < n; i++)
        {
            var label = predictedLabels[i];
            if (label < Unassigned)
            {
                throw new ArgumentException(
                    $"Item {i} has predicted label {label}; labels are non-negative, or {Unassigned} for unassigned.", nameof(predictedLabels));
            }

            var c = Intern(classOf, classSizes, trueLabels[i]);
            int k;
            if (label == Unassigned)
            {
                unassigned++;
                k = clusterSizes.Count;
                clusterSizes.Add(1);
            }
            else
            {
                k = Intern(clusterOf, clusterSizes, label);
            }

            cells[(c, k)] = cells.GetValueOrDefault((c, k)) + 1;
        }

        long truePositivePairs = 0, predictedPairs = 0, truePairs = 0;
        double bCubedPrecision = 0, bCubedRecall = 0;
        foreach (var ((c, k), count) in cells)
        {
            truePositivePairs += Pairs(count);
            bCubedPrecision += (double)count * count / clusterSizes[k];
            bCubedRecall += (double)count * count / classSizes[c];
        }

        foreach (var size in clusterSizes)
        {
            predictedPairs += Pairs(size);
        }

        foreach (var size in classSizes)
        {
            truePairs += Pairs(size);
        }

        var pairwisePrecision = predictedPairs == 0 ? 1.0 : (double)truePositivePairs / predictedPairs;
        var pairwiseRecall = truePairs == 0 ? 1.0 : (double)truePositivePairs / truePairs;
        bCubedPrecision /= n;
        bCubedRecall /= n;

        return new ClusteringReport
        {
            Items = n,
            TrueClasses = classSizes.Count,
            PredictedClusters = clusterOf.Count,
            UnassignedItems = unassigned,
            TruePositivePairs = truePositivePairs,
            PredictedPairs = predictedPairs,
            TruePairs = truePairs,
            PairwisePrecision = pairwisePrecision,
            PairwiseRecall = pairwiseRecall,
            PairwiseF1 = HarmonicMean(pairwisePrecision, pairwiseRecall),
            BCubedPrecision = bCubedPrecision,
            BCubedRecall = bCubedRecall,
            BCubedF1 = HarmonicMean(bCubedPrecision, bCubedRecall),
            Nmi = NormalizedMutualInformation(n, cells, classSizes, clusterSizes),
        };
    }

    private static int Intern(Dictionary<int, int> indexOf, List<int> sizes, int label)
    {
        if (indexOf.TryGetValue(label, out var index))
        {
            sizes[index]++;
            return index;
        }

        index = sizes.Count;
        indexOf.Add(label, index);
        sizes.Add(1);
        return index;
    }

    private static long Pairs(long count) => count * (count - 1) / 2;

    private static double HarmonicMean(double precision, double recall) =>
        precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);

    /// <summary>sklearn's <c>normalized_mutual_info_score</c> with its special cases, from the contingency table.</summary>
    private static double NormalizedMutualInformation(
        int n, Dictionary<(int Class, int Cluster), int> cells, List<int> classSizes, List<int> clusterSizes)
    {
        if (classSizes.Count == 1 && clusterSizes.Count == 1)
        {
            return 1.0;
        }

        if (classSizes.Count == 1 || clusterSizes.Count == 1)
        {
            return 0.0;
        }

        // mutual_info_score: per non-zero cell, p·(log n_ij − log N) + p·(log N + log N − log(a_i·b_j)), p = n_ij/N;
        // terms below machine epsilon in magnitude count as 0, and the sum is clipped at 0.
        var logN = Math.Log(n);
        var mi = 0.0;
        foreach (var ((c, k), count) in cells)
        {
            var p = (double)count / n;
            var outer = (double)((long)classSizes[c] * clusterSizes[k]);
            var term = p * (Math.Log(count) - logN) + p * (-Math.Log(outer) + logN + logN);
            mi += Math.Abs(term) < MachineEpsilon ? 0.0 : term;
        }

        mi = Math.Max(mi, 0.0);
        if (mi == 0)
        {
            return 0.0;
        }

        var normalizer = (Entropy(n, classSizes) + Entropy(n, clusterSizes)) / 2;
        return mi / normalizer;
    }

    /// <summary>sklearn's <c>entropy</c> of a labelling, in nats, from its label counts.</summary>
    private static double Entropy(int n, List<int> sizes)
    {
        var logN = Math.Log(n);
        var sum = 0.0;
        foreach (var size in sizes)
        {
            sum += (double)size / n * (Math.Log(size) - logN);
        }

        return -sum;
    }
}
