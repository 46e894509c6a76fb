using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>Cuts one face out of a photo straight into a model input slot (normalised, in the model's layout).</summary>
public interface IFaceAligner
{
    /// <summary>Side of the square model input this aligner produces.</summary>
    int Size { get; }

    /// <param name="box">The detection the landmarks were predicted in (face-api's crop depends on it).</param>
    void Align(RgbImage image, FaceBox box, FaceLandmarks landmarks, Span<float> destination);
}
