using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Detection;

/// <summary>Converts face-api.js's SSD-MobileNetV1 weights once per test class into a temporary ONNX file.</summary>
public sealed class SsdMobilenetV1ModelFixture : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("facecluster-ssd-");

    public SsdMobilenetV1ModelFixture()
    {
        var weights = WeightManifest.Load(Path.Combine(TestPaths.FaceApiWeights, SsdMobilenetV1Converter.ManifestFile));
        var model = SsdMobilenetV1Converter.Convert(weights);
        ParameterCount = long.Parse(model.MetadataProps.Single(p => p.Key == "parameters").Value, System.Globalization.CultureInfo.InvariantCulture);
        ModelPath = Path.Combine(_directory.FullName, "ssd_mobilenetv1.onnx");
        OnnxModelFile.WriteAtomic(model, ModelPath);
    }

    public string ModelPath { get; }

    public long ParameterCount { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}
