namespace FaceCluster.Configuration;

/// <summary>A named detector + landmarks + embedder (or fused embedders) combination and its same-person threshold.</summary>
public sealed class ModelProfile
{
    public DetectorProfile Detector { get; set; } = new();

    public EmbedderProfile Embedder { get; set; } = new();

    /// <summary>
    /// A fused profile's embedders (instead of <see cref="Embedder"/>): each face is embedded by every one and stored as
    /// the concatenation of their unit vectors scaled by √weight, renormalised, so the squared distance of two faces is
    /// the weighted mean of the embedders' squared distances.
    /// </summary>
    public FusionPart[]? Embedders { get; set; }

    public bool IsFused => Embedders is { Length: > 0 };

    /// <summary>
    /// Same person when the squared L2 distance between unit-length embeddings is below this (FaceNet's convention,
    /// 0..4). <c>facecluster lfw --write-threshold</c> stores a calibrated value that takes precedence.
    /// </summary>
    public float Threshold { get; set; } = 1.0f;

    /// <summary>A free-text note shown by <c>models list</c>.</summary>
    public string? Description { get; set; }
}
