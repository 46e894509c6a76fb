using System.Numerics.Tensors;

namespace FaceCluster.Grouping;

/// <summary>
/// Joins faces into components one candidate edge at a time, applying the guards in order: core rule, same photo /
/// cannot-link, average link. Edges must arrive closest first (Kruskal order), so when two links compete for a face
/// the stronger one has already been decided.
/// </summary>
/// <remarks>
/// Per-component state is kept only at the component's root and merged on union: whether it has a core face, whether a
/// must-link touched it, its conflict keys and (for the average-link check) its member rows, merged small into large so
/// the total merging work stays O(n log n). Conflict and average-link refusals are remembered per pair of roots: a
/// component's keys only grow, so a refused pair stays refused, and remembering it bounds the work when many edges run
/// between the same two components.
/// </remarks>
internal sealed class ComponentLinker
{
    private readonly GroupingInput _input;
    private readonly GroupingOptions _options;
    private readonly ConflictKeys _conflicts;
    private readonly bool[] _isCore;
    private readonly bool[] _hasCore;
    private readonly bool[] _pinned;
    private readonly List<int>?[]? _members;
    private readonly HashSet<long> _refusedPairs = [];

    public ComponentLinker(GroupingInput input, GroupingOptions options, ConflictKeys conflicts, bool[] isCore)
    {
        _input = input;
        _options = options;
        _conflicts = conflicts;
        _isCore = isCore;
        _hasCore = (bool[])isCore.Clone();
        _pinned = new bool[input.Count];
        _members = options.AverageLinkCheck ? new List<int>?[input.Count] : null;
        Sets = new UnionFind(input.Count);
    }

    public UnionFind Sets { get; }

    /// <summary>True when a must-link group touched the component whose root is <paramref name="root"/>.</summary>
    public bool IsPinned(int root) => _pinned[root];

    /// <summary>Joins two faces unconditionally (a must-link); returns false when they were already together.</summary>
    public bool ForceLink(int a, int b)
    {
        var rootA = Sets.Find(a);
        var rootB = Sets.Find(b);
        _pinned[rootA] = _pinned[rootB] = true;
        if (rootA == rootB)
        {
            return false;
        }

        Join(rootA, rootB);
        return true;
    }

    public LinkOutcome TryLink(CandidateEdge edge)
    {
        var rootA = Sets.Find(edge.A);
        var rootB = Sets.Find(edge.B);
        if (rootA == rootB)
        {
            return LinkOutcome.AlreadyTogether;
        }

        if (!(_isCore[edge.A] && _isCore[edge.B]) && _hasCore[rootA] && _hasCore[rootB])
        {
            return LinkOutcome.CoreRule;
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

        if (_members is not null
            && Sets.SizeOfRoot(rootA) >= _options.AverageLinkMinSize
            && Sets.SizeOfRoot(rootB) >= _options.AverageLinkMinSize
            && MeanCrossDistance(rootA, rootB) >= _options.EffectiveAverageLinkThreshold)
        {
            _refusedPairs.Add(pairKey);
            return LinkOutcome.AverageLink;
        }

        Join(rootA, rootB);
        return LinkOutcome.Joined;
    }

    private static long PairKey(int rootA, int rootB) =>
        rootA < rootB ? ((long)rootA << 32) | (uint)rootB : ((long)rootB << 32) | (uint)rootA;

    private void Join(int rootA, int rootB)
    {
        var survivor = Sets.UnionRoots(rootA, rootB);
        var absorbed = survivor == rootA ? rootB : rootA;
        _hasCore[survivor] |= _hasCore[absorbed];
        _pinned[survivor] |= _pinned[absorbed];
        _conflicts.Merge(survivor, absorbed);
        if (_members is not null)
        {
            var kept = _members[survivor] ??= [survivor];
            var moved = _members[absorbed];
            if (moved is null)
            {
                kept.Add(absorbed);
            }
            else
            {
                kept.AddRange(moved);
                _members[absorbed] = null;
            }
        }
    }

    /// <summary>
    /// Mean squared distance between up to <see cref="GroupingOptions.AverageLinkSamples"/> faces spread evenly over each
    /// component. Even spacing over the member list (which is in merge order) reaches both old and recent parts of a
    /// component, and needs no random state, so results repeat exactly.
    /// </summary>
    private float MeanCrossDistance(int rootA, int rootB)
    {
        var membersA = (IReadOnlyList<int>?)_members![rootA] ?? [rootA];
        var membersB = (IReadOnlyList<int>?)_members[rootB] ?? [rootB];
        var samplesA = Math.Min(_options.AverageLinkSamples, membersA.Count);
        var samplesB = Math.Min(_options.AverageLinkSamples, membersB.Count);
        double sum = 0;
        for (var i = 0; i < samplesA; i++)
        {
            var rowA = _input.Row(membersA[(int)((long)i * membersA.Count / samplesA)]);
            for (var j = 0; j < samplesB; j++)
            {
                var distance = TensorPrimitives.Distance(rowA, _input.Row(membersB[(int)((long)j * membersB.Count / samplesB)]));
                sum += (double)distance * distance;
            }
        }

        return (float)(sum / (samplesA * samplesB));
    }
}
