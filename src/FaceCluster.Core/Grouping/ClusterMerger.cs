namespace FaceCluster.Grouping;

/// <summary>
/// The second pass of <see cref="FaceGrouper"/>: average linkage between the components the guarded single linkage
/// left. Two components that are neighbours (some face of one has a face of the other among its K nearest, closer than
/// the merge limit) join, closest first, while the mean squared distance over all their cross pairs stays below
/// <see cref="GroupingOptions.MergeFactor"/> × <see cref="GroupingOptions.Threshold"/> and no conflict key (same photo,
/// cannot-link) is on both sides.
/// </summary>
/// <remarks>
/// Why: the single-linkage guards refuse a join whenever one pair of faces is not close enough or the two sides' sampled
/// mean is above the pair threshold, so one person seen in two poses or lightings ends as two people. A whole-cluster
/// mean is robust where one pair is not: two halves of one person are close on average, two lookalikes are not, and a
/// single stray face cannot chain two people, since it moves a mean by 1/size only.
/// The mean over all cross pairs is exact and costs one dot product (<see cref="ComponentMeans"/>).
/// </remarks>
internal sealed class ClusterMerger
{
    private readonly ComponentLinker _linker;
    private readonly float _limit;
    private readonly int _minSize;
    private readonly int[] _versions;

    private ClusterMerger(ComponentLinker linker, GroupingOptions options)
    {
        _linker = linker;
        _limit = options.MergeLimit;
        _minSize = options.MergeMinSize;
        _versions = new int[linker.Sets.Count];
    }

    /// <summary>Runs the pass over the linker's components (whose <see cref="ComponentLinker.Means"/> it needs); returns how many joins it made.</summary>
    public static int Run(NeighbourTable table, ComponentLinker linker, GroupingOptions options, CancellationToken cancellationToken)
    {
        var merger = new ClusterMerger(linker, options);
        return merger.Merge(merger.Candidates(table), cancellationToken);
    }

    /// <summary>Each pair of neighbouring components once, with its mean cross distance, when that is below the limit.</summary>
    private PriorityQueue<(int A, int B, int VersionA, int VersionB), float> Candidates(NeighbourTable table)
    {
        var queue = new PriorityQueue<(int, int, int, int), float>();
        var seen = new HashSet<long>();
        var sets = _linker.Sets;
        for (var row = 0; row < table.Count; row++)
        {
            var rows = table.RowsOf(row);
            var distances = table.DistancesOf(row);
            for (var slot = 0; slot < rows.Length && rows[slot] >= 0 && distances[slot] < _limit; slot++)
            {
                var a = sets.Find(row);
                var b = sets.Find(rows[slot]);
                if (a != b && Eligible(a) && Eligible(b) && seen.Add(ComponentLinker.PairKey(a, b)) && MeanCrossDistance(a, b) is var mean && mean < _limit)
                {
                    queue.Enqueue((a, b, 0, 0), mean);
                }
            }
        }

        return queue;
    }

    /// <summary>
    /// Closest pair first. An entry whose sides have grown since it was queued is re-measured: still closer than the
    /// limit and no farther than queued, it is decided now; farther, it is queued again at its new distance.
    /// </summary>
    private int Merge(PriorityQueue<(int A, int B, int VersionA, int VersionB), float> queue, CancellationToken cancellationToken)
    {
        var sets = _linker.Sets;
        var joins = 0;
        var steps = 0;
        while (queue.TryDequeue(out var entry, out var queued))
        {
            if ((++steps & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var a = sets.Find(entry.A);
            var b = sets.Find(entry.B);
            if (a == b)
            {
                continue;
            }

            if (a != entry.A || b != entry.B || _versions[a] != entry.VersionA || _versions[b] != entry.VersionB)
            {
                var mean = MeanCrossDistance(a, b);
                if (mean >= _limit)
                {
                    continue;
                }

                if (mean > queued)
                {
                    queue.Enqueue((a, b, _versions[a], _versions[b]), mean);
                    continue;
                }
            }

            var survivor = _linker.TryJoinRoots(a, b);
            if (survivor < 0)
            {
                continue;
            }

            _versions[survivor]++;
            joins++;
        }

        return joins;
    }

    private bool Eligible(int root) => _linker.Sets.SizeOfRoot(root) >= _minSize;

    private float MeanCrossDistance(int rootA, int rootB) => _linker.MeanCrossDistance(rootA, rootB);
}
