using FaceCluster.Detection;
using FaceCluster.Embedding;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>Aligns a face once per embedder of a profile, each with its own aligner, into that embedder's share of the packed input.</summary>
public sealed class FusedAligner(IReadOnlyList<EmbedderPart> parts) : IFaceAligner
{
    /// <summary>The largest input side of the parts (a face smaller than this carries less detail than some part was trained on).</summary>
    public int Size { get; } = parts.Max(p => p.Aligner.Size);

    public void Align(RgbImage image, FaceBox box, FaceLandmarks landmarks, Span<float> destination)
    {
        foreach (var part in parts)
        {
            part.Aligner.Align(image, box, landmarks, destination.Slice(part.InputOffset, part.InputLength));
        }
    }
}
