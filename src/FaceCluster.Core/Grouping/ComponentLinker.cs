namespace FaceCluster.Grouping;

/// <summary>
/// Joins faces into components one candidate edge at a time, applying the guards in order: core rule, quality gate,
/// same photo / cannot-link, average link. Edges must arrive closest first (Kruskal order), so when two links compete for a face
/// the stronger one has already been decided.
/// </summary>
/// <remarks>
/// Per-component state is kept only at the component's root and merged on union: whether it has a core face, whether a
/// must-link touched it, its conflict keys (merged small into large, so the total merging work stays O(n log n)) and
/// the sums of its embeddings (<see cref="ComponentMeans"/>: exact mean distances for the average-link check). Conflict and average-link refusals are remembered per pair of roots: a
/// component's keys only grow, so a refused pair stays refused, and remembering it bounds the work when many edges run
/// between the same two components.
/// </remarks>
internal sealed class ComponentLinker
{
    private readonly GroupingOptions _options;
    private readonly ConflictKeys _conflicts;
    private readonly bool[] _isCore;
    private readonly bool[] _hasCore;
    private readonly bool[] _pinned;
    private readonly bool[] _isStrong;
    private readonly bool[] _hasStrong;
    private bool[]? _hasPerson;
    private readonly HashSet<long> _refusedPairs = [];

    /// <param name="isStrong">Per face: at or above the quality gate (a weak face may join a person but never start one or bridge two).</param>
    public ComponentLinker(GroupingInput input, GroupingOptions options, ConflictKeys conflicts, bool[] isCore, bool[] isStrong)
    {
        _isStrong = isStrong;
        _hasStrong = (bool[])isStrong.Clone();
        _options = options;
        _conflicts = conflicts;
        _isCore = isCore;
        _hasCore = (bool[])isCore.Clone();
        _pinned = new bool[input.Count];
        Means = options.AverageLinkCheck || options.MergePass ? new ComponentMeans(input) : null;
        Sets = new UnionFind(input.Count);
    }

    public UnionFind Sets { get; }

    /// <summary>Per-component embedding sums, kept when the average-link check or the merge pass needs them.</summary>
    public ComponentMeans? Means { get; }

    /// <summary>Exact mean squared distance over all cross pairs of two components (roots); needs <see cref="Means"/>.</summary>
    public float MeanCrossDistance(int rootA, int rootB) =>
        Means!.MeanCrossDistance(rootA, Sets.SizeOfRoot(rootA), rootB, Sets.SizeOfRoot(rootB));

    /// <summary>True when a must-link group touched the component whose root is <paramref name="root"/>.</summary>
    public bool IsPinned(int root) => _pinned[root];

    /// <summary>Joins two faces unconditionally (a must-link); returns false when they were already together.</summary>
    public bool ForceLink(int a, int b)
    {
        var rootA = Sets.Find(a);
        var rootB = Sets.Find(b);
        _pinned[rootA] = _pinned[rootB] = true;
        _hasStrong[rootA] = _hasStrong[rootB] = true; // the user vouched for it
        if (rootA == rootB)
        {
            return false;
        }

        Join(rootA, rootB);
        return true;
    }

    /// <summary>
    /// Incremental grouping: joins the faces of each existing person (<paramref name="personOfRow"/> ≥ 0; −1 for the
    /// faces to place) into one component that counts as established (core, strong, kept whatever its size), and from
    /// then on refuses any join of two components that both hold an existing person: a new face may join a person, it
    /// never merges two (that stays a full regroup's or the user's decision).
    /// </summary>
    public void Settle(ReadOnlySpan<int> personOfRow)
    {
        _hasPerson = new bool[personOfRow.Length];
        var firstRowOf = new Dictionary<int, int>();
        for (var row = 0; row < personOfRow.Length; row++)
        {
            if (personOfRow[row] < 0)
            {
                continue;
            }

            _isCore[row] = _hasCore[row] = _hasStrong[row] = _pinned[row] = _hasPerson[row] = true;
            if (!firstRowOf.TryAdd(personOfRow[row], row))
            {
                Join(Sets.Find(firstRowOf[personOfRow[row]]), row);
            }
        }
    }

    public LinkOutcome TryLink(CandidateEdge edge)
    {
        var rootA = Sets.Find(edge.A);
        var rootB = Sets.Find(edge.B);
        if (rootA == rootB)
        {
            return LinkOutcome.AlreadyTogether;
        }

        if (TwoPeople(rootA, rootB))
        {
            return LinkOutcome.TwoPeople;
        }

        if (!(_isCore[edge.A] && _isCore[edge.B]) && _hasCore[rootA] && _hasCore[rootB])
        {
            return LinkOutcome.CoreRule;
        }

        if (!(_hasStrong[rootA] || _hasStrong[rootB])
            || (!(_isStrong[edge.A] && _isStrong[edge.B]) && _hasStrong[rootA] && _hasStrong[rootB]))
        {
            return LinkOutcome.QualityGate;
        }

        var pairKey = PairKey(rootA, rootB);
        if (_refusedPairs.Contains(pairKey))
        {
            return LinkOutcome.RefusedEarlier;
        }

        var shared = _conflicts.FindShared(rootA, rootB);
        if (shared >= 0)
        {
            _refusedPairs.Add(pairKey);
            return _conflicts.IsPhotoKey(shared) ? LinkOutcome.SamePhoto : LinkOutcome.CannotLink;
        }

        if (_options.AverageLinkCheck
            && AverageLinkLimit(Sets.SizeOfRoot(rootA), Sets.SizeOfRoot(rootB)) is { } limit
            && MeanCrossDistance(rootA, rootB) >= limit)
        {
            _refusedPairs.Add(pairKey);
            return LinkOutcome.AverageLink;
        }

        Join(rootA, rootB);
        return LinkOutcome.Joined;
    }

    /// <summary>
    /// Joins two components that a cluster-level rule chose (<see cref="ClusterMerger"/>), unless a conflict key (same
    /// photo, cannot-link) is on both sides; returns the surviving root, or −1 when refused.
    /// </summary>
    public int TryJoinRoots(int rootA, int rootB)
    {
        if (TwoPeople(rootA, rootB) || _conflicts.FindShared(rootA, rootB) >= 0)
        {
            return -1;
        }

        return Join(rootA, rootB);
    }

    private bool TwoPeople(int rootA, int rootB) => _hasPerson is not null && _hasPerson[rootA] && _hasPerson[rootB];

    public static long PairKey(int rootA, int rootB) =>
        rootA < rootB ? ((long)rootA << 32) | (uint)rootB : ((long)rootB << 32) | (uint)rootA;

    private int Join(int rootA, int rootB)
    {
        var survivor = Sets.UnionRoots(rootA, rootB);
        var absorbed = survivor == rootA ? rootB : rootA;
        _hasCore[survivor] |= _hasCore[absorbed];
        _hasStrong[survivor] |= _hasStrong[absorbed];
        if (_hasPerson is not null)
        {
            _hasPerson[survivor] |= _hasPerson[absorbed];
        }

        _pinned[survivor] |= _pinned[absorbed];
        _conflicts.Merge(survivor, absorbed);
        Means?.Merge(survivor, absorbed);
        return survivor;
    }

    /// <summary>
    /// The mean cross distance two components must stay below to join: <see cref="GroupingOptions.EffectiveAverageLinkThreshold"/>
    /// when both have at least <see cref="GroupingOptions.AverageLinkMinSize"/> faces; when a smaller one attaches to a
    /// component of two or more, the merge limit, since one face's mean distance to a whole person is wider than its
    /// distance to its nearest match. Stops a chain of people who each match only the previous face.
    /// </summary>
    private float? AverageLinkLimit(int sizeA, int sizeB)
    {
        if (sizeA >= _options.AverageLinkMinSize && sizeB >= _options.AverageLinkMinSize)
        {
            return _options.EffectiveAverageLinkThreshold;
        }

        return _options.AttachCheck && Math.Max(sizeA, sizeB) >= 2 ? _options.MergeLimit : null;
    }
}
