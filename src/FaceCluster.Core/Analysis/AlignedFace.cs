using System.Buffers;
using FaceCluster.Detection;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>
/// A face cut out and normalised as the embedder's input, with its landmarks and quality. <see cref="Input"/> is rented
/// from the shared pool, so aligning allocates no tensor per face: whoever holds the face calls <see cref="Release"/>
/// once it is embedded (or dropped).
/// </summary>
public sealed class AlignedFace
{
    private readonly int _length;
    private float[]? _input;

    private AlignedFace(FaceDetection detection, FaceLandmarks landmarks, float quality, int length)
    {
        Detection = detection;
        Landmarks = landmarks;
        Quality = quality;
        _length = length;
        _input = ArrayPool<float>.Shared.Rent(length);
    }

    public FaceDetection Detection { get; }

    public FaceLandmarks Landmarks { get; }

    /// <summary>A rough usefulness score in 0..1 (see <see cref="FaceAnalyzer.Align"/>).</summary>
    public float Quality { get; }

    /// <summary>The model input tensor, written once by the aligner (or by a caller deriving a view of another face, a mirror).</summary>
    public Span<float> Input => (_input ?? throw new ObjectDisposedException(nameof(AlignedFace))).AsSpan(0, _length);

    /// <summary>A face whose <see cref="Input"/> (<paramref name="length"/> floats, contents undefined) is still to be written.</summary>
    public static AlignedFace Rent(FaceDetection detection, FaceLandmarks landmarks, float quality, int length) =>
        new(detection, landmarks, quality, length);

    public AnalyzedFace WithEmbedding(float[] embedding) => new(Detection.Box, Detection.Score, Quality, Landmarks, embedding);

    public void Release()
    {
        if (Interlocked.Exchange(ref _input, null) is { } buffer)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
