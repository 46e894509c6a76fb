namespace FaceCluster.Grouping;

/// <summary>What <see cref="ComponentLinker"/> did with one candidate edge.</summary>
internal enum LinkOutcome
{
    Joined,
    AlreadyTogether,
    SamePhoto,
    CannotLink,
    CoreRule,
    AverageLink,

    /// <summary>A weak face (below the quality gate) would start a person or bridge two.</summary>
    QualityGate,

    /// <summary>Incremental grouping: both components hold an existing person.</summary>
    TwoPeople,

    /// <summary>The two components were refused before (conflict or average link); counted then, skipped now.</summary>
    RefusedEarlier,
}
