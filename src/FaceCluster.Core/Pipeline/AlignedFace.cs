using System.Buffers;
using FaceCluster.Detection;
using FaceCluster.Landmarks;

namespace FaceCluster.Pipeline;

/// <summary>
/// A face cut out and normalised as the embedder's input. <see cref="Input"/> is rented from the shared pool: the
/// embed stage copies it into its batch and calls <see cref="Release"/>, so aligning allocates no tensor per face.
/// </summary>
public sealed class AlignedFace(FaceDetection detection, FaceLandmarks landmarks, float quality, float[] input, int length)
{
    private float[]? _input = input;

    public FaceDetection Detection { get; } = detection;

    public FaceLandmarks Landmarks { get; } = landmarks;

    public float Quality { get; } = quality;

    public ReadOnlySpan<float> Input => (_input ?? throw new ObjectDisposedException(nameof(AlignedFace))).AsSpan(0, length);

    public void Release()
    {
        if (Interlocked.Exchange(ref _input, null) is { } buffer)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
