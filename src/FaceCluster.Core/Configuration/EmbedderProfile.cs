using System.Text.Json.Serialization;
using FaceCluster.Imaging;

namespace FaceCluster.Configuration;

/// <summary>Everything needed to run an embedding ONNX model exported by anyone: the general shape of an embedder profile.</summary>
public sealed record EmbedderProfile
{
    /// <summary>ONNX file; relative paths are resolved against <see cref="FaceClusterSettings.ModelsDirectory"/>.</summary>
    public string Model { get; set; } = "";

    /// <summary>Expected SHA-256 of the model file (lower-case hex); empty to skip the check.</summary>
    public string? Sha256 { get; set; }

    public string InputName { get; set; } = "input";

    public string OutputName { get; set; } = "embedding";

    public TensorLayout Layout { get; set; } = TensorLayout.Nchw;

    /// <summary>Side of the square model input in pixels (150 for face-api's ResNet, 160 for FaceNet, 112 for MobileFaceNet).</summary>
    public int InputSize { get; set; }

    public ColorOrder ColorOrder { get; set; } = ColorOrder.Rgb;

    public NormalizationSettings Normalization { get; set; } = new();

    public int EmbeddingSize { get; set; }

    /// <summary>0 when the model takes any batch size; otherwise the batch size baked into the model (1 for many exports).</summary>
    public int FixedBatch { get; set; }

    /// <summary>How many faces are embedded per session call when the model allows dynamic batches.</summary>
    public int BatchSize { get; set; } = 16;

    public AlignmentKind Alignment { get; set; } = AlignmentKind.FaceApiDlib;

    /// <summary>
    /// For <see cref="AlignmentKind.Similarity"/>: five [x, y] points in model-input pixels (left eye, right eye, nose,
    /// left mouth corner, right mouth corner), e.g. the ArcFace 112x112 template.
    /// </summary>
    public float[][]? Template { get; set; }

    /// <summary>
    /// Scale embeddings to unit length before storing and comparing (FaceNet's convention; thresholds are then squared
    /// L2 in [0, 4]). Off keeps the model's raw vectors, as dlib and face-api compare them.
    /// </summary>
    public bool Normalize { get; set; } = true;

    /// <summary>For <see cref="AlignmentKind.DlibFaceChip"/>: the margin around the template, as a fraction (dlib: 0.25).</summary>
    public float Padding { get; set; } = 0.25f;

    /// <summary>
    /// dlib's num_jitters: embed each face as this many randomly jittered views (±3° rotation, ≤ 3 % zoom, ≤ 2 % shift,
    /// half mirrored, drawn once from a fixed seed) and store their mean. 0 or 1: one view. Costs that many model runs
    /// per face; dlib reports LFW 99.13 % without jitter, 99.3 % with 10 and 99.38 % with 100.
    /// </summary>
    public int Jitter { get; set; }

    /// <summary>
    /// Also embed each view (the face itself, or each jittered view) mirrored left to right, and store the mean of all:
    /// twice the model runs of <see cref="Jitter"/> alone. Left out of the profile fingerprint while off, so embedding
    /// caches made before the setting existed stay valid.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Mirror { get; set; }

    internal void Validate(string owner)
    {
        Require(!string.IsNullOrWhiteSpace(Model), $"{owner}.Model is required.");
        Require(InputSize > 0, $"{owner}.InputSize must be positive.");
        Require(EmbeddingSize > 0, $"{owner}.EmbeddingSize must be positive.");
        Require(FixedBatch >= 0, $"{owner}.FixedBatch must be 0 (dynamic) or the model's batch size.");
        Require(BatchSize > 0, $"{owner}.BatchSize must be positive.");
        Require(Jitter is >= 0 and <= 1000, $"{owner}.Jitter must be between 0 (off) and 1000.");
        Normalization.ToNormalization(owner);
        if (Alignment == AlignmentKind.Similarity)
        {
            Require(Template is { Length: 5 } && Template.All(p => p.Length == 2),
                $"{owner}.Template needs five [x, y] points for Similarity alignment.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ConfigurationException(message);
        }
    }
}
