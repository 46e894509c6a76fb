using FaceCluster.Imaging;

namespace FaceCluster.Detection;

/// <summary>Finds faces in a whole photo. Implementations hold one ONNX Runtime session and are safe to call from one thread at a time per instance.</summary>
public interface IFaceDetector : IDisposable
{
    /// <summary>Faces sorted by descending score, boxes in <paramref name="image"/>'s pixels.</summary>
    IReadOnlyList<FaceDetection> Detect(RgbImage image);
}
