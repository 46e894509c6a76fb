using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx;
using FaceCluster.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Detection;

public sealed class SsdMobilenetV1ConverterTests(SsdMobilenetV1ModelFixture model, ITestOutputHelper output)
    : IClassFixture<SsdMobilenetV1ModelFixture>
{
    [Fact]
    public void Convert_FaceApiWeights_DeclaresNchwInputAndDecodedOutputsWithDynamicBatch()
    {
        using var session = new InferenceSession(model.ModelPath);

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input", input.Key);
        Assert.Equal([-1, 3, 512, 512], input.Value.Dimensions);
        Assert.Equal(["boxes", "scores"], session.OutputMetadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([-1, 5118, 4], session.OutputMetadata["boxes"].Dimensions);
        Assert.Equal([-1, 5118], session.OutputMetadata["scores"].Dimensions);
        output.WriteLine($"parameters: {model.ParameterCount:N0}");
    }

    [Fact]
    public void Run_BatchOfTwo_GivesPerImageResultsEqualToSingleRuns()
    {
        // Given two different inputs: a uniform grey and a gradient
        const int plane = 3 * 512 * 512;
        var batch = new float[2 * plane];
        for (var i = 0; i < plane; i++)
        {
            batch[i] = 0.2f;
            batch[plane + i] = (i % 512) / 256f - 1f;
        }

        using var session = new InferenceSession(model.ModelPath);

        // When run as one batch of two and as two batches of one
        var (boxes, scores) = Run(session, batch, 2);
        var (boxes0, scores0) = Run(session, batch[..plane], 1);
        var (boxes1, scores1) = Run(session, batch[plane..], 1);

        // Then the shapes follow the batch and each half matches its own run
        Assert.Equal(2 * 5118 * 4, boxes.Length);
        Assert.Equal(2 * 5118, scores.Length);
        AssertClose(boxes0, boxes[..(5118 * 4)]);
        AssertClose(boxes1, boxes[(5118 * 4)..]);
        AssertClose(scores0, scores[..5118]);
        AssertClose(scores1, scores[5118..]);
        Assert.All(scores, s => Assert.InRange(s, 0f, 1f));
        Assert.NotEqual(scores0, scores1);
    }

    [Fact]
    public void Convert_ManifestWithoutTheDetectorWeights_ThrowsNamingTheMissingWeight()
    {
        var directory = Directory.CreateTempSubdirectory("facecluster-ssd-");
        try
        {
            // Given a valid but empty weights manifest
            File.WriteAllBytes(Path.Combine(directory.FullName, "w.bin"), []);
            File.WriteAllText(Path.Combine(directory.FullName, "m.json"), """[{"paths":["w.bin"],"weights":[]}]""");
            var weights = WeightManifest.Load(Path.Combine(directory.FullName, "m.json"));

            // When it is converted, then the error names the first weight the graph needs
            var ex = Assert.Throws<InvalidDataException>(() => SsdMobilenetV1Converter.Convert(weights));
            Assert.Contains("MobilenetV1/Conv2d_0_pointwise/weights", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static (float[] Boxes, float[] Scores) Run(InferenceSession session, float[] input, int n)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, [n, 3, 512, 512]);
        using var results = session.Run(new RunOptions(), ["input"], [value], ["boxes", "scores"]);
        Assert.Equal([n, 5118, 4], results[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([n, 5118], results[1].GetTensorTypeAndShape().Shape);
        return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst < 1e-4f, $"batched and single runs differ by {worst}");
    }
}
