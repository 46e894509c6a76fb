using FaceCluster.Imaging;
using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx;
using FaceCluster.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceCluster.Tests.Embedding;

/// <summary>Converts the real face-api.js recogniser once into a temporary folder and keeps one ONNX Runtime session on it.</summary>
public sealed class FaceRecognitionNetSession : IDisposable
{
    private const int PlaneFloats = 3 * FaceRecognitionNetConverter.InputSize * FaceRecognitionNetConverter.InputSize;

    private readonly string _directory;

    public FaceRecognitionNetSession()
    {
        _directory = Path.Combine(Path.GetTempPath(), "facecluster-tests-" + Guid.NewGuid().ToString("N"));
        var weights = WeightManifest.Load(Path.Combine(TestPaths.FaceApiWeights, FaceRecognitionNetConverter.ManifestFile));
        var model = FaceRecognitionNetConverter.Convert(weights);
        ParameterCount = model.Graph.Initializer.Where(t => t.DataType == 1).Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
        ModelPath = Path.Combine(_directory, "face_recognition_net.onnx");
        OnnxModelFile.WriteAtomic(model, ModelPath);

        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        Session = new InferenceSession(ModelPath, options);
    }

    public string ModelPath { get; }

    public long ParameterCount { get; }

    public InferenceSession Session { get; }

    /// <summary>Packs each crop the way face-api.js feeds the recogniser (centred pad to square, 150x150, NCHW).</summary>
    public static float[] Pack(IReadOnlyList<(RgbImage Image, PixelRect Crop)> faces)
    {
        var input = new float[faces.Count * PlaneFloats];
        for (var i = 0; i < faces.Count; i++)
        {
            TfResizePacker.Pack(
                faces[i].Image,
                faces[i].Crop,
                FaceRecognitionNetConverter.InputSize,
                SquarePadding.Centered,
                FaceRecognitionNetConverter.InputNormalization,
                TensorLayout.Nchw,
                bgr: false,
                input.AsSpan(i * PlaneFloats, PlaneFloats));
        }

        return input;
    }

    /// <summary>Runs a packed batch and returns one 128-d descriptor per face.</summary>
    public float[][] Run(float[] packed)
    {
        var count = packed.Length / PlaneFloats;
        var size = FaceRecognitionNetConverter.InputSize;
        var tensor = new DenseTensor<float>(packed, [count, 3, size, size]);
        using var results = Session.Run([NamedOnnxValue.CreateFromTensor(FaceRecognitionNetConverter.InputName, tensor)]);
        var output = results.Single(r => r.Name == FaceRecognitionNetConverter.OutputName).AsTensor<float>();
        Assert.Equal([count, FaceRecognitionNetConverter.EmbeddingLength], output.Dimensions.ToArray());
        var flat = output.ToArray();
        return Enumerable.Range(0, count)
            .Select(i => flat.AsSpan(i * FaceRecognitionNetConverter.EmbeddingLength, FaceRecognitionNetConverter.EmbeddingLength).ToArray())
            .ToArray();
    }

    public void Dispose()
    {
        Session.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
