using FaceCluster.Detection;
using FaceCluster.Imaging;

namespace FaceCluster.Landmarks;

/// <summary>Predicts landmarks for one detected face.</summary>
public interface ILandmarkDetector : IDisposable
{
    FaceLandmarks Detect(RgbImage image, FaceBox box);
}
