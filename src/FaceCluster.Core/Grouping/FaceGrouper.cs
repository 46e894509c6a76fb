using System.Diagnostics;
using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// Groups faces into people: find each face's K nearest neighbours, propose a link for every pair closer than the
/// threshold, and accept links closest first (Kruskal-style single linkage) unless a guard refuses them — two faces of
/// one photo or a cannot-link pair would end up together, a non-core face would bridge two dense groups, or the two
/// groups are far apart on average. Components below the minimum size are left unassigned.
/// </summary>
/// <remarks>
/// Pure computation: no storage, no I/O. Plain single linkage (dlib's threshold graph) merges two people as soon as one
/// chain of close faces connects them; the guards cut exactly such chains while keeping the algorithm linear in the
/// number of candidate links. Stateless between calls and safe to share.
/// <para>
/// Repeatability: up to <see cref="GroupingOptions.ExactSearchLimit"/> faces the result depends only on the input. Above
/// it the HNSW graph is built on several threads and its shape depends on scheduling, so a few borderline links can
/// differ between runs; set <see cref="HnswOptions.Threads"/> to 1 in <see cref="GroupingOptions.Hnsw"/> when exact
/// repeatability matters more than build time.
/// </para>
/// </remarks>
public sealed class FaceGrouper
{
    public FaceGrouper(GroupingOptions? options = null)
    {
        Options = options ?? GroupingOptions.Default;
        Options.Validate();
    }

    public GroupingOptions Options { get; }

    /// <summary>Builds its own index over the input (exact up to <see cref="GroupingOptions.ExactSearchLimit"/> faces, HNSW above).</summary>
    public GroupingResult Group(GroupingInput input, GroupingConstraints? constraints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var total = Stopwatch.StartNew();
        var exact = input.Count <= Options.ExactSearchLimit;
        var table = Neighbours(input, cancellationToken, out var buildTime);
        var searchTime = total.Elapsed - buildTime;
        return Link(input, table, constraints, exact ? "exact" : "hnsw", buildTime, searchTime, total, cancellationToken);
    }

    /// <summary>
    /// The K nearest other rows of every row, from an index built here over the input's rows (exact up to
    /// <see cref="GroupingOptions.ExactSearchLimit"/> faces, HNSW above); <paramref name="buildTime"/> is the index build.
    /// </summary>
    internal NeighbourTable Neighbours(GroupingInput input, CancellationToken cancellationToken, out TimeSpan buildTime)
    {
        var clock = Stopwatch.StartNew();
        using var index = input.Count <= Options.ExactSearchLimit ? (IVectorIndex)new BruteForceIndex(input.Dimension, input.Count) : new HnswIndex(input.Dimension, Options.Hnsw);

        // Rows are the keys of the index built here, so a hit maps back to a row with no lookup.
        var keys = new long[input.Count];
        for (var row = 0; row < keys.Length; row++)
        {
            keys[row] = row;
        }

        index.AddRange(keys, input.Embeddings);
        buildTime = clock.Elapsed;
        cancellationToken.ThrowIfCancellationRequested();
        return NeighbourTable.Build(input, index, Options.K, key => (int)key, Options.MaxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>The K nearest other rows of every row, from a caller-supplied index whose keys are face ids.</summary>
    internal NeighbourTable Neighbours(GroupingInput input, IVectorIndex faceIndex, CancellationToken cancellationToken)
    {
        var rows = RowsByFaceId(input);
        return NeighbourTable.Build(input, faceIndex, Options.K, key => rows.GetValueOrDefault(key, -1), Options.MaxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Uses a caller-supplied index whose keys are face ids, e.g. an <see cref="HnswIndex"/> loaded from disk after its
    /// <see cref="IndexMetadata"/> matched the library. Hits whose key is not among the input's faces are skipped.
    /// </summary>
    public GroupingResult Group(
        GroupingInput input, IVectorIndex faceIndex, GroupingConstraints? constraints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(faceIndex);
        if (faceIndex.Dimension != input.Dimension)
        {
            throw new ArgumentException($"The index holds {faceIndex.Dimension}-d vectors but the faces are {input.Dimension}-d.", nameof(faceIndex));
        }

        var total = Stopwatch.StartNew();
        var rows = RowsByFaceId(input);
        var table = NeighbourTable.Build(
            input, faceIndex, Options.K, key => rows.GetValueOrDefault(key, -1), Options.MaxDegreeOfParallelism, cancellationToken);
        return Link(input, table, constraints, "given", TimeSpan.Zero, total.Elapsed, total, cancellationToken, rows);
    }

    /// <summary>
    /// Incremental grouping: faces with <paramref name="personOfRow"/> ≥ 0 stay with their existing person (a number per
    /// person, any), and only the others (−1: new, or unassigned last time) are looked up, in <paramref name="faceIndex"/>
    /// (keys are face ids; it must hold every face of the input) or, when null, in an index built here over all rows.
    /// Each such face joins the existing person its links lead to, under the same guards as a full run, or forms a new
    /// person with others like it; two existing people are never joined. Costs neighbour queries for the new faces only.
    /// </summary>
    public GroupingResult GroupIncrementally(
        GroupingInput input,
        int[] personOfRow,
        IVectorIndex? faceIndex,
        GroupingConstraints? constraints = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(personOfRow);
        if (personOfRow.Length != input.Count)
        {
            throw new ArgumentException($"{input.Count} faces but {personOfRow.Length} person numbers.", nameof(personOfRow));
        }

        var total = Stopwatch.StartNew();
        var queries = Enumerable.Range(0, input.Count).Where(row => personOfRow[row] < 0).ToList();
        var rows = RowsByFaceId(input);
        NeighbourTable table;
        var buildTime = TimeSpan.Zero;
        string method;
        if (faceIndex is null)
        {
            var exact = input.Count <= Options.ExactSearchLimit;
            using var index = exact ? (IVectorIndex)new BruteForceIndex(input.Dimension, input.Count) : new HnswIndex(input.Dimension, Options.Hnsw);
            index.AddRange(input.FaceIds.ToArray(), input.Embeddings);
            buildTime = total.Elapsed;
            table = NeighbourTable.Build(input, index, Options.K, key => rows.GetValueOrDefault(key, -1), Options.MaxDegreeOfParallelism, cancellationToken, queries);
            method = exact ? "exact, incremental" : "hnsw, incremental";
        }
        else
        {
            table = NeighbourTable.Build(input, faceIndex, Options.K, key => rows.GetValueOrDefault(key, -1), Options.MaxDegreeOfParallelism, cancellationToken, queries);
            method = "given, incremental";
        }

        return Link(input, table, constraints, method, buildTime, total.Elapsed - buildTime, total, cancellationToken, rows, personOfRow);
    }

    /// <summary>
    /// Links from neighbour lists found elsewhere (the stored shards of <c>group --neighbours i/N</c>) exactly as
    /// <see cref="Group(GroupingInput, GroupingConstraints?, CancellationToken)"/> or, with <paramref name="personOfRow"/>,
    /// <see cref="GroupIncrementally"/> link from the lists they search themselves.
    /// </summary>
    internal GroupingResult GroupFromNeighbours(
        GroupingInput input, NeighbourTable table, int[]? personOfRow, GroupingConstraints? constraints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var total = Stopwatch.StartNew();
        return Link(input, table, constraints, personOfRow is null ? "shards" : "shards, incremental", TimeSpan.Zero, TimeSpan.Zero, total, cancellationToken, null, personOfRow);
    }

    private GroupingResult Link(
        GroupingInput input,
        NeighbourTable table,
        GroupingConstraints? constraints,
        string searchMethod,
        TimeSpan buildTime,
        TimeSpan searchTime,
        Stopwatch total,
        CancellationToken cancellationToken,
        Dictionary<long, int>? rowsByFaceId = null,
        int[]? personOfRow = null)
    {
        var linkStart = total.Elapsed;
        constraints ??= GroupingConstraints.None;
        var isCore = CoreFaces(table, Options.Threshold, Options.CoreMinNeighbours);
        var edges = CandidateEdges.Build(
            table, Options.Threshold, Options.MutualNeighbours, Options.MaxDegreeOfParallelism, cancellationToken, out var nonMutualDropped);

        if (!constraints.IsEmpty)
        {
            rowsByFaceId ??= RowsByFaceId(input);
        }

        var ignored = 0;
        var cannotLinkRows = new List<(int A, int B)>();
        foreach (var (a, b) in constraints.CannotLink)
        {
            var rowA = RowOf(rowsByFaceId, a, ref ignored);
            var rowB = RowOf(rowsByFaceId, b, ref ignored);
            if (rowA >= 0 && rowB >= 0 && rowA != rowB)
            {
                cannotLinkRows.Add((rowA, rowB));
            }
        }

        var isStrong = StrongFaces(input, Options);
        var linker = new ComponentLinker(input, Options, ConflictKeys.Build(input.PhotoIds.Span, Options.SamePhotoRule, cannotLinkRows), isCore, isStrong);
        if (personOfRow is not null)
        {
            linker.Settle(personOfRow);
        }

        var mustLinkUnions = 0;
        foreach (var group in constraints.MustLink)
        {
            var first = -1;
            foreach (var faceId in group)
            {
                var row = RowOf(rowsByFaceId, faceId, ref ignored);
                if (row < 0)
                {
                    continue;
                }

                if (first < 0)
                {
                    first = row;
                    linker.ForceLink(row, row);
                }
                else if (linker.ForceLink(first, row))
                {
                    mustLinkUnions++;
                }
            }
        }

        var outcomes = new long[Enum.GetValues<LinkOutcome>().Length];
        for (var e = 0; e < edges.Length; e++)
        {
            if ((e & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            outcomes[(int)linker.TryLink(edges[e])]++;
        }

        var clusterMerges = Options.MergePass ? ClusterMerger.Run(table, linker, Options, cancellationToken) : 0;

        var labels = Labels(linker, Options.MinClusterSize, out var clusterCount);
        var statistics = new GroupingStatistics
        {
            SearchMethod = searchMethod,
            CandidateEdges = edges.Length,
            NonMutualDropped = nonMutualDropped,
            CoreFaces = isCore.Count(c => c),
            Unions = outcomes[(int)LinkOutcome.Joined],
            RefusedSamePhoto = outcomes[(int)LinkOutcome.SamePhoto],
            RefusedCannotLink = outcomes[(int)LinkOutcome.CannotLink],
            RefusedCoreRule = outcomes[(int)LinkOutcome.CoreRule],
            RefusedAverageLink = outcomes[(int)LinkOutcome.AverageLink],
            RefusedQualityGate = outcomes[(int)LinkOutcome.QualityGate],
            RefusedTwoPeople = outcomes[(int)LinkOutcome.TwoPeople],
            WeakFaces = isStrong.Count(s => !s),
            ClusterMerges = clusterMerges,
            MustLinkUnions = mustLinkUnions,
            IgnoredConstraintFaces = ignored,
        };
        var timings = new GroupingTimings(buildTime, searchTime, total.Elapsed - linkStart, total.Elapsed);
        return new GroupingResult(labels, input.FaceIds, clusterCount, statistics, timings);
    }

    /// <summary>A face is core when at least <paramref name="minNeighbours"/> of its K neighbours are within the threshold.</summary>
    private static bool[] CoreFaces(NeighbourTable table, float threshold, int minNeighbours)
    {
        var isCore = new bool[table.Count];
        for (var row = 0; row < table.Count; row++)
        {
            var close = 0;
            var rows = table.RowsOf(row);
            var distances = table.DistancesOf(row);
            while (close < rows.Length && rows[close] >= 0 && distances[close] < threshold)
            {
                close++;
            }

            isCore[row] = close >= minNeighbours;
        }

        return isCore;
    }

    /// <summary>Faces at or above the quality gate (all of them when the input carries no qualities).</summary>
    private static bool[] StrongFaces(GroupingInput input, GroupingOptions options)
    {
        var isStrong = new bool[input.Count];
        var qualities = input.Qualities.Span;
        for (var row = 0; row < isStrong.Length; row++)
        {
            isStrong[row] = qualities.IsEmpty || (qualities[row].Score >= options.MinFormScore && qualities[row].Side >= options.MinFormFaceSize);
        }

        return isStrong;
    }

    /// <summary>Numbers kept components 0, 1, ... in order of their first row; small unpinned ones get −1.</summary>
    private static int[] Labels(ComponentLinker linker, int minClusterSize, out int clusterCount)
    {
        var sets = linker.Sets;
        var labels = new int[sets.Count];
        var labelOfRoot = new Dictionary<int, int>();
        for (var row = 0; row < labels.Length; row++)
        {
            var root = sets.Find(row);
            if (sets.SizeOfRoot(root) < minClusterSize && !linker.IsPinned(root))
            {
                labels[row] = -1;
                continue;
            }

            if (!labelOfRoot.TryGetValue(root, out var label))
            {
                label = labelOfRoot.Count;
                labelOfRoot.Add(root, label);
            }

            labels[row] = label;
        }

        clusterCount = labelOfRoot.Count;
        return labels;
    }

    private static Dictionary<long, int> RowsByFaceId(GroupingInput input)
    {
        var faceIds = input.FaceIds.Span;
        var rows = new Dictionary<long, int>(faceIds.Length);
        for (var row = 0; row < faceIds.Length; row++)
        {
            if (!rows.TryAdd(faceIds[row], row))
            {
                throw new ArgumentException($"Face id {faceIds[row]} appears twice in the input.", nameof(input));
            }
        }

        return rows;
    }

    private static int RowOf(Dictionary<long, int>? rowsByFaceId, long faceId, ref int ignored)
    {
        if (rowsByFaceId is not null && rowsByFaceId.TryGetValue(faceId, out var row))
        {
            return row;
        }

        ignored++;
        return -1;
    }
}
