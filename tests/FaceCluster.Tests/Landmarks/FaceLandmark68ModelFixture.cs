using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Landmarks;

/// <summary>Converts face-api.js's FaceLandmark68Net once per test class and writes it to a temporary .onnx file.</summary>
public sealed class FaceLandmark68ModelFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "facecluster-tests-" + Guid.NewGuid().ToString("N"));

    public FaceLandmark68ModelFixture()
    {
        Weights = WeightManifest.Load(Path.Combine(TestPaths.FaceApiWeights, FaceLandmark68Converter.ManifestFile));
        Model = FaceLandmark68Converter.Convert(Weights);
        ModelPath = Path.Combine(_directory, "face_landmark_68.onnx");
        OnnxModelFile.WriteAtomic(Model, ModelPath);
    }

    public WeightManifest Weights { get; }

    public ModelProto Model { get; }

    public string ModelPath { get; }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
