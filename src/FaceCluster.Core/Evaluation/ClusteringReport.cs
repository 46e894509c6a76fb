namespace FaceCluster.Evaluation;

/// <summary>How well a clustering of items matches their true identities; see <see cref="ClusteringMetrics"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed record ClusteringReport
{
    /// <summary>The number of items.</summary>
    public required int Items { get; init; }

    /// <summary>The number of distinct true labels.</summary>
    public required int TrueClasses { get; init; }

    /// <summary>The number of distinct predicted cluster labels, not counting unassigned items.</summary>
    public required int PredictedClusters { get; init; }

    /// <summary>The number of unassigned items (label −1), each scored as a cluster of its own.</summary>
    public required int UnassignedItems { get; init; }

    /// <summary>All predicted clusters, each unassigned item counted as a singleton cluster.</summary>
    public int PredictedClustersWithSingletons => PredictedClusters + UnassignedItems;

    /// <summary>Pairs of items that share both a cluster and a true label.</summary>
    public required long TruePositivePairs { get; init; }

    /// <summary>Pairs of items that share a cluster.</summary>
    public required long PredictedPairs { get; init; }

    /// <summary>Pairs of items that share a true label.</summary>
    public required long TruePairs { get; init; }

    /// <summary>TruePositivePairs / PredictedPairs; 1 when no pair is predicted (no pair can be wrong).</summary>
    public required double PairwisePrecision { get; init; }

    /// <summary>TruePositivePairs / TruePairs; 1 when no two items share a true label.</summary>
    public required double PairwiseRecall { get; init; }

    /// <summary>Harmonic mean of pairwise precision and recall (0 when both are 0).</summary>
    public required double PairwiseF1 { get; init; }

    /// <summary>Mean over items of |own cluster ∩ own class| / |own cluster|.</summary>
    public required double BCubedPrecision { get; init; }

    /// <summary>Mean over items of |own cluster ∩ own class| / |own class|.</summary>
    public required double BCubedRecall { get; init; }

    /// <summary>Harmonic mean of BCubed precision and recall.</summary>
    public required double BCubedF1 { get; init; }

    /// <summary>Normalised mutual information, arithmetic-mean normalisation (sklearn's default).</summary>
    public required double Nmi { get; init; }
}
