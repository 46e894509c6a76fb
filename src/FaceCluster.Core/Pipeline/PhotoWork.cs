using FaceCluster.Analysis;
using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Scanning;
using FaceCluster.Storage;
using FaceCluster.Xmp;

namespace FaceCluster.Pipeline;

/// <summary>
/// One photo travelling through the stages. Each stage returns a copy with its part filled in; once
/// <see cref="Outcome"/> is set (failed, unchanged content, or finished) later stages pass it straight to the store.
/// </summary>
public sealed record PhotoWork(ScannedFile File)
{
    public string? ContentHash { get; init; }

    /// <summary>The decoded photo (perhaps reduced), from decode to align.</summary>
    public DecodedPhoto? Photo { get; init; }

    /// <summary>Full size in the orientation the user sees: the frame of boxes and named regions.</summary>
    public int Width { get; init; }

    public int Height { get; init; }

    public IReadOnlyList<FaceDetection>? Detections { get; init; }

    /// <summary>Named face regions from the photo's XMP and sidecars, in the decoded photo's pixels.</summary>
    public IReadOnlyList<NamedBox> NamedRegions { get; init; } = [];

    public IReadOnlyList<AlignedFace>? Faces { get; init; }

    public PhotoOutcome? Outcome { get; init; }

    public bool IsNew => File.Previous is null;
}
