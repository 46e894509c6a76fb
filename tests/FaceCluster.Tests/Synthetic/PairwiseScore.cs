namespace FaceCluster.Tests.Synthetic;

/// <summary>
/// Pairwise clustering quality: of the face pairs put together, how many truly are one person (precision), and of the
/// true same-person pairs, how many were put together (recall). An unassigned face (label −1) is its own singleton.
/// </summary>
/// <remarks>A local helper for tests and the benchmark; the official metrics live in Evaluation/ClusteringMetrics.</remarks>
public readonly record struct PairwiseScore(double Precision, double Recall, long TruePairs, long PredictedPairs, long CorrectPairs)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public static PairwiseScore Compute(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count)
        {
            throw new ArgumentException("truth and predicted must label the same faces.");
        }

        var truthSizes = new Dictionary<int, long>();
        var predictedSizes = new Dictionary<int, long>();
        var cells = new Dictionary<(int Truth, int Predicted), long>();
        for (var i = 0; i < truth.Count; i++)
        {
            if (predicted[i] < 0)
            {
                // A singleton contributes no pair to any of the three counts.
                Increment(truthSizes, truth[i]);
                continue;
            }

            Increment(truthSizes, truth[i]);
            Increment(predictedSizes, predicted[i]);
            Increment(cells, (truth[i], predicted[i]));
        }

        var truePairs = truthSizes.Values.Sum(Pairs);
        var predictedPairs = predictedSizes.Values.Sum(Pairs);
        var correctPairs = cells.Values.Sum(Pairs);
        return new PairwiseScore(
            predictedPairs == 0 ? 1 : (double)correctPairs / predictedPairs,
            truePairs == 0 ? 1 : (double)correctPairs / truePairs,
            truePairs,
            predictedPairs,
            correctPairs);
    }

    public override string ToString() => $"P={Precision:F4} R={Recall:F4} F={F1:F4}";

    private static long Pairs(long size) => size * (size - 1) / 2;

    private static void Increment<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull
    {
        counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
