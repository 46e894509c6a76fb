namespace FaceCluster.Evaluation;

/// <summary>
/// Pair distances split by fold and by kind (same/different), each part sorted once, so that "how many distances are
/// below t" is a binary search, and a whole increasing threshold grid is one merge-like sweep.
/// </summary>
internal sealed class FoldedDistances
{
    private readonly double[][] _same;
    private readonly double[][] _different;

    public FoldedDistances(ReadOnlySpan<double> distances, ReadOnlySpan<bool> isSame, ReadOnlySpan<int> folds, int foldCount)
    {
        var sameCounts = new int[foldCount];
        var differentCounts = new int[foldCount];
        for (var i = 0; i < distances.Length; i++)
        {
            (isSame[i] ? sameCounts : differentCounts)[folds[i]]++;
        }

        _same = new double[foldCount][];
        _different = new double[foldCount][];
        for (var f = 0; f < foldCount; f++)
        {
            _same[f] = new double[sameCounts[f]];
            _different[f] = new double[differentCounts[f]];
        }

        Array.Clear(sameCounts);
        Array.Clear(differentCounts);
        for (var i = 0; i < distances.Length; i++)
        {
            var f = folds[i];
            if (isSame[i])
            {
                _same[f][sameCounts[f]++] = distances[i];
            }
            else
            {
                _different[f][differentCounts[f]++] = distances[i];
            }
        }

        for (var f = 0; f < foldCount; f++)
        {
            Array.Sort(_same[f]);
            Array.Sort(_different[f]);
            TotalSame += _same[f].Length;
            TotalDifferent += _different[f].Length;
        }
    }

    public int FoldCount => _same.Length;

    public int TotalSame { get; }

    public int TotalDifferent { get; }

    public int Count(int fold, bool same) => (same ? _same : _different)[fold].Length;

    /// <summary>How many distances of one fold and kind are strictly below <paramref name="threshold"/>.</summary>
    public int CountBelow(int fold, bool same, double threshold)
    {
        var sorted = (same ? _same : _different)[fold];
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            if (sorted[mid] < threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// <c>result[f][t]</c> = how many distances of fold f and the given kind are strictly below <c>thresholds[t]</c>;
    /// <paramref name="thresholds"/> must be non-decreasing.
    /// </summary>
    public int[][] CountBelow(bool same, ReadOnlySpan<double> thresholds)
    {
        var parts = same ? _same : _different;
        var result = new int[parts.Length][];
        for (var f = 0; f < parts.Length; f++)
        {
            var sorted = parts[f];
            var counts = new int[thresholds.Length];
            var below = 0;
            for (var t = 0; t < thresholds.Length; t++)
            {
                while (below < sorted.Length && sorted[below] < thresholds[t])
                {
                    below++;
                }

                counts[t] = below;
            }

            result[f] = counts;
        }

        return result;
    }
}
