namespace FaceCluster.Grouping;

/// <summary>
/// Output of <see cref="FaceGrouper"/>: a label per input row, 0..<see cref="ClusterCount"/>−1 or −1 for unassigned.
/// Labels are numbered in order of first appearance in the input, so the same input gives the same numbers.
/// </summary>
public sealed class GroupingResult
{
    private readonly int[] _labels;
    private readonly ReadOnlyMemory<long> _faceIds;

    internal GroupingResult(int[] labels, ReadOnlyMemory<long> faceIds, int clusterCount, GroupingStatistics statistics, GroupingTimings timings)
    {
        _labels = labels;
        _faceIds = faceIds;
        ClusterCount = clusterCount;
        UnassignedCount = labels.Count(l => l < 0);
        Statistics = statistics;
        Timings = timings;
    }

    /// <summary>Label of each input row, aligned with <see cref="GroupingInput.FaceIds"/>.</summary>
    public IReadOnlyList<int> Labels => _labels;

    public int ClusterCount { get; }

    public int UnassignedCount { get; }

    public GroupingStatistics Statistics { get; }

    public GroupingTimings Timings { get; }

    /// <summary>Face ids of each cluster, indexed by label.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Clusters()
    {
        var clusters = new List<long>[ClusterCount];
        for (var c = 0; c < ClusterCount; c++)
        {
            clusters[c] = [];
        }

        var faceIds = _faceIds.Span;
        for (var row = 0; row < _labels.Length; row++)
        {
            if (_labels[row] >= 0)
            {
                clusters[_labels[row]].Add(faceIds[row]);
            }
        }

        return clusters;
    }
}
