using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// Settings of <see cref="FaceGrouper"/>. The threshold comes from the embedder profile; the guards' defaults were chosen
/// on synthetic libraries with lookalike families and bridge faces (FaceGrouperQualityTests shows each guard's effect).
/// </summary>
/// <remarks>Settable for the configuration binder's generated code (see <see cref="Configuration.FaceClusterSettings"/>) and otherwise used as a value: code derives changed copies with <c>with</c>. Values are checked when set, and <see cref="FaceGrouper"/> checks the combination once.</remarks>
public sealed record GroupingOptions
{
    private float _threshold = 0.4f;
    private int _k = 16;
    private int _minClusterSize = 2;
    private int _coreMinNeighbours = 2;
    private float? _averageLinkThreshold;
    private int _averageLinkMinSize = 2;
    private float _mergeFactor = 1.15f;
    private int _mergeMinSize = 2;
    private float _minFormScore = 0.7f;
    private float _minFormFaceSize;
    private int _exactSearchLimit = 5000;
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;

    public static GroupingOptions Default { get; } = new();

    /// <summary>
    /// Two faces are linked only when their squared L2 distance is below this, in (0, 4]. The faceapi profile uses 0.11
    /// (chosen on all of LFW); FaceNet-style 512-d profiles use about 1.1. Set it from the profile.
    /// </summary>
    public float Threshold
    {
        get => _threshold;
        set => _threshold = value is > 0f and <= 4f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Threshold), value, "Threshold is a squared L2 distance in (0, 4].");
    }

    /// <summary>
    /// Neighbours looked up per face, 1..256. Links are only ever drawn to these, so K bounds both the work and how many
    /// edges a face can contribute; 16 is plenty once a person has more faces than that, since the K nearest are then
    /// the same person and the graph stays connected through them.
    /// </summary>
    public int K
    {
        get => _k;
        set => _k = value is >= 1 and <= 256
            ? value
            : throw new ArgumentOutOfRangeException(nameof(K), value, "K must lie in 1..256.");
    }

    /// <summary>
    /// Components smaller than this are left unassigned (label −1). The default 2 means every face with at least one
    /// accepted match belongs to a person and only faces matching nobody are left out: a lone face is no evidence of a
    /// recurring person, and a size-1 "cluster" only clutters a people view. Raise it to hide rare people.
    /// </summary>
    public int MinClusterSize
    {
        get => _minClusterSize;
        set => _minClusterSize = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinClusterSize), value, "MinClusterSize must be at least 1.");
    }

    /// <summary>
    /// Two faces of one photo are two different people, so a join that would put them in one component is refused. On by
    /// default; off only to measure what it buys.
    /// </summary>
    public bool SamePhotoRule { get; set; } = true;

    /// <summary>
    /// Keep only links between faces that are each in the other's K nearest. Removes links a crowded face draws to a
    /// face that has closer company, at the price of some recall; off by default (see FaceGrouperQualityTests).
    /// </summary>
    public bool MutualNeighbours { get; set; }

    /// <summary>
    /// DBSCAN-like core rule: a face is <em>core</em> when at least this many of its K neighbours are within
    /// <see cref="Threshold"/>. A link with a non-core end may attach faces to a component but never joins two components
    /// that both already contain a core face, so a stray face between two people cannot chain them. 0 turns it off.
    /// </summary>
    public int CoreMinNeighbours
    {
        get => _coreMinNeighbours;
        set => _coreMinNeighbours = value is >= 0 and <= 256
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CoreMinNeighbours), value, "CoreMinNeighbours must lie in 0..256.");
    }

    /// <summary>
    /// Before joining two components of at least <see cref="AverageLinkMinSize"/> faces each, require the mean squared
    /// distance across them (over sampled pairs) to be below <see cref="AverageLinkThreshold"/>: single links may chain,
    /// whole groups of different people are far apart on average.
    /// </summary>
    public bool AverageLinkCheck { get; set; } = true;

    /// <summary>Mean cross distance limit for <see cref="AverageLinkCheck"/>; null means <see cref="Threshold"/>.</summary>
    public float? AverageLinkThreshold
    {
        get => _averageLinkThreshold;
        set => _averageLinkThreshold = value is null or (> 0f and <= 4f)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(AverageLinkThreshold), value, "AverageLinkThreshold is a squared L2 distance in (0, 4].");
    }

    public float EffectiveAverageLinkThreshold => AverageLinkThreshold ?? Threshold;

    /// <summary>The check applies only when both components have at least this many faces (≥ 1).</summary>
    public int AverageLinkMinSize
    {
        get => _averageLinkMinSize;
        set => _averageLinkMinSize = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(AverageLinkMinSize), value, "AverageLinkMinSize must be at least 1.");
    }

    /// <summary>
    /// With <see cref="AverageLinkCheck"/>, a face (or a group smaller than <see cref="AverageLinkMinSize"/>) attaching to
    /// a group of two or more must also be closer than <see cref="MergeLimit"/> to it on average, so people who each
    /// match only the previous face cannot chain into one.
    /// </summary>
    public bool AttachCheck { get; set; } = true;

    /// <summary>
    /// After the single linkage, join neighbouring components while the mean squared distance over all their cross
    /// pairs stays below <see cref="MergeFactor"/> × <see cref="Threshold"/> (average linkage, <see cref="ClusterMerger"/>):
    /// one person split by pose or lighting comes together, two people stay apart on average.
    /// </summary>
    public bool MergePass { get; set; } = true;

    /// <summary>
    /// The merge pass's (and the attach check's) mean cross distance limit as a multiple of <see cref="Threshold"/>, in
    /// (0, 4]: a person's faces lie farther from each other on average than from their nearest match.
    /// </summary>
    public float MergeFactor
    {
        get => _mergeFactor;
        set => _mergeFactor = value is > 0f and <= 4f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MergeFactor), value, "MergeFactor must lie in (0, 4].");
    }

    public float MergeLimit => MergeFactor * Threshold;

    /// <summary>The merge pass joins only components of at least this many faces each (≥ 1).</summary>
    public int MergeMinSize
    {
        get => _mergeMinSize;
        set => _mergeMinSize = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MergeMinSize), value, "MergeMinSize must be at least 1.");
    }

    /// <summary>
    /// Quality gate: a face whose detection score is below this (0..1) is weak. A weak face may join a person but never
    /// start one (a link between two groups without a strong face is refused) or bridge two (a link with a weak end
    /// between two groups that both have a strong face is refused). 0 = off.
    /// </summary>
    public float MinFormScore
    {
        get => _minFormScore;
        set => _minFormScore = value is >= 0f and <= 1f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinFormScore), value, "MinFormScore must lie in 0..1.");
    }

    /// <summary>Quality gate: a face whose box's shorter side is below this many pixels is weak (see <see cref="MinFormScore"/>). 0 = off.</summary>
    public float MinFormFaceSize
    {
        get => _minFormFaceSize;
        set => _minFormFaceSize = value >= 0f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinFormFaceSize), value, "MinFormFaceSize must not be negative.");
    }

    /// <summary>
    /// Up to this many faces the neighbours are found exactly with <see cref="BruteForceIndex"/> (deterministic, and
    /// cheaper than building a graph); above it with <see cref="HnswIndex"/>.
    /// </summary>
    public int ExactSearchLimit
    {
        get => _exactSearchLimit;
        set => _exactSearchLimit = value >= 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ExactSearchLimit), value, "ExactSearchLimit must not be negative.");
    }

    /// <summary>Graph settings when <see cref="HnswIndex"/> is used.</summary>
    public HnswOptions Hnsw { get; set; } = new();

    /// <summary>Threads for the neighbour queries (the HNSW build uses <see cref="HnswOptions.Threads"/>).</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set => _maxDegreeOfParallelism = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "MaxDegreeOfParallelism must be at least 1.");
    }

    /// <summary>Checks the rules between settings (each value alone is checked when set).</summary>
    public void Validate()
    {
        if (CoreMinNeighbours > K)
        {
            throw new ArgumentException($"CoreMinNeighbours ({CoreMinNeighbours}) cannot exceed K ({K}): no face could be core.");
        }
    }
}
