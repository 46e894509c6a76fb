namespace FaceCluster.Indexing;

/// <summary>
/// Graph parameters of <see cref="HnswIndex"/>. The defaults are USearch's own (M = 16, ef_construction = 128,
/// ef = 64); they give recall@10 ≥ 0.99 against exact search on 20k clustered 128-d unit vectors (HnswIndexTests).
/// </summary>
/// <remarks>Immutable; values are checked when set, so an instance is always valid.</remarks>
public sealed record HnswOptions
{
    private readonly int _connectivity = 16;
    private readonly int _expansionAdd = 128;
    private readonly int _expansionSearch = 64;
    private readonly int _threads = Environment.ProcessorCount;

    public static HnswOptions Default { get; } = new();

    /// <summary>
    /// Links per node (HNSW's M), 2..256. More links raise recall and memory (about 8·M bytes per vector on the base
    /// layer) and slow adding.
    /// </summary>
    public int Connectivity
    {
        get => _connectivity;
        init => _connectivity = value is >= 2 and <= 256
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Connectivity), value, "Connectivity must lie in 2..256.");
    }

    /// <summary>Candidate list size while adding (ef_construction), 1..4096: the build-time cost/quality knob.</summary>
    public int ExpansionAdd
    {
        get => _expansionAdd;
        init => _expansionAdd = value is >= 1 and <= 4096
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ExpansionAdd), value, "ExpansionAdd must lie in 1..4096.");
    }

    /// <summary>
    /// Candidate list size while searching (ef), 1..4096; a search for k neighbours effectively uses max(k, ef). Not stored
    /// in a saved index: it is applied again on load.
    /// </summary>
    public int ExpansionSearch
    {
        get => _expansionSearch;
        init => _expansionSearch = value is >= 1 and <= 4096
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ExpansionSearch), value, "ExpansionSearch must lie in 1..4096.");
    }

    /// <summary>
    /// How many threads may add or search at once (USearch keeps one search context per thread). Defaults to the
    /// processor count; <see cref="HnswIndex.AddRange"/> uses this many workers.
    /// </summary>
    public int Threads
    {
        get => _threads;
        init => _threads = value is >= 1 and <= 1024
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Threads), value, "Threads must lie in 1..1024.");
    }
}
