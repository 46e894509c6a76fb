namespace FaceCluster.Configuration;

/// <summary>
/// One embedder of a fused profile: another profile's embedder (its model, input format and alignment), its weight in the
/// fused distance and, optionally, its own jitter and mirroring.
/// </summary>
public sealed record FusionPart
{
    /// <summary>The profile whose <see cref="ModelProfile.Embedder"/> this part runs (a single-embedder profile).</summary>
    public string Profile { get; set; } = "";

    /// <summary>Share of the fused squared distance: the part's unit vector is scaled by √(Weight / sum of weights).</summary>
    public float Weight { get; set; } = 1f;

    /// <summary>Overrides the referenced embedder's Jitter (e.g. 0: one view) when set.</summary>
    public int? Jitter { get; set; }

    /// <summary>Overrides the referenced embedder's Mirror when set.</summary>
    public bool? Mirror { get; set; }
}
