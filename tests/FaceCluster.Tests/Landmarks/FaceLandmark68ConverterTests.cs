using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx.Schema;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Landmarks;

public class FaceLandmark68ConverterTests(FaceLandmark68ModelFixture model, ITestOutputHelper output) : IClassFixture<FaceLandmark68ModelFixture>
{
    [Fact]
    public void Convert_FaceApiWeights_UsesEveryWeightExactlyOnce()
    {
        // Given the manifest's weights, when converted, then the float initializers hold exactly as many values
        var expected = model.Weights.Names.Sum(name => (long)model.Weights[name].ElementCount);
        var actual = model.Model.Graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count > 0)
            .Sum(t => t.Dims.Aggregate(1L, (a, b) => a * b));
        output.WriteLine($"parameters: {actual}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Convert_FaceApiWeights_DeclaresDynamicBatchInputAndOutput()
    {
        using var session = new InferenceSession(model.ModelPath);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(FaceLandmark68Converter.InputName, input.Key);
        Assert.Equal([-1, 3, 112, 112], input.Value.Dimensions);

        var result = Assert.Single(session.OutputMetadata);
        Assert.Equal(FaceLandmark68Converter.OutputName, result.Key);
        Assert.Equal([-1, 136], result.Value.Dimensions);
    }

    [Fact]
    public void Run_BatchOfTwo_ReturnsTwoRowsMatchingSingleRuns()
    {
        // Given two different inputs
        using var session = new InferenceSession(model.ModelPath);
        const int length = 3 * 112 * 112;
        var batch = new float[2 * length];
        var random = new Random(1234);
        for (var i = 0; i < batch.Length; i++)
        {
            batch[i] = (float)(random.NextDouble() - 0.5);
        }

        // When run as one batch and one by one
        var both = Run(session, batch, 2);
        var first = Run(session, batch[..length], 1);
        var second = Run(session, batch[length..], 1);

        // Then the batch rows equal the single runs
        Assert.Equal(272, both.Length);
        for (var i = 0; i < 136; i++)
        {
            Assert.Equal(first[i], both[i], 1e-5f);
            Assert.Equal(second[i], both[136 + i], 1e-5f);
        }

        Assert.NotEqual(first, second);
    }

    private static float[] Run(InferenceSession session, float[] data, int n)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(data, [n, 3, 112, 112]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [FaceLandmark68Converter.InputName], [input], [FaceLandmark68Converter.OutputName]);
        Assert.Equal([n, 136], results[0].GetTensorTypeAndShape().Shape);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
