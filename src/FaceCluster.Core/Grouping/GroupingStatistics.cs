namespace FaceCluster.Grouping;

/// <summary>
/// What happened during one grouping run: how many links were proposed and why some were refused. Useful to see which
/// guard does the work on a real library, and for tests that check a rule fired.
/// </summary>
public sealed record GroupingStatistics
{
    /// <summary>"exact", "hnsw" or "given" (a caller-supplied index).</summary>
    public required string SearchMethod { get; init; }

    /// <summary>Distinct face pairs within the threshold among the K nearest (after the mutual filter, if on).</summary>
    public long CandidateEdges { get; init; }

    /// <summary>Pairs within the threshold dropped because only one face had the other among its K nearest.</summary>
    public long NonMutualDropped { get; init; }

    public int CoreFaces { get; init; }

    /// <summary>Joins of two components by similarity edges (must-link joins excluded).</summary>
    public long Unions { get; init; }

    public long RefusedSamePhoto { get; init; }

    public long RefusedCannotLink { get; init; }

    public long RefusedCoreRule { get; init; }

    public long RefusedAverageLink { get; init; }

    /// <summary>Links refused because a face below the quality gate would have started a person or bridged two.</summary>
    public long RefusedQualityGate { get; init; }

    /// <summary>Incremental grouping: links refused because both sides hold an existing person.</summary>
    public long RefusedTwoPeople { get; init; }

    /// <summary>Faces below the quality gate (they may join a person but never start one or bridge two).</summary>
    public int WeakFaces { get; init; }

    /// <summary>Joins made by the average-linkage merge pass (<see cref="GroupingOptions.MergePass"/>).</summary>
    public int ClusterMerges { get; init; }

    /// <summary>Joins made by must-link groups.</summary>
    public int MustLinkUnions { get; init; }

    /// <summary>Face ids in the constraints that are not among the faces grouped.</summary>
    public int IgnoredConstraintFaces { get; init; }
}
