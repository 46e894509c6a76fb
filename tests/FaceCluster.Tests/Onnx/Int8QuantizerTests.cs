using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Onnx.Quantization;
using FaceCluster.Onnx.Schema;
using FaceCluster.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Onnx;

[Collection(ModelsCollection.Name)]
public sealed class Int8QuantizerTests(InstalledModels models, ITestOutputHelper output)
{
    [Fact]
    public void Fold_DetectorBatchNorms_GivesTheOutputsOfTheUnfoldedGraph()
    {
        // Given face-api's detector as converted (13 BatchNormalization nodes after depthwise convolutions)
        var original = ModelProto.Parser.ParseFrom(File.ReadAllBytes(models.PathOf("ssd_mobilenetv1.onnx")));
        var folded = original.Clone();

        // When the batch norms are folded into their convolutions
        var removed = BatchNormFolding.Fold(folded.Graph);

        // Then none is left and a real photo gives the same boxes and scores
        Assert.Equal(13, removed);
        Assert.DoesNotContain(folded.Graph.Node, n => n.OpType == "BatchNormalization");
        var input = DetectorInput("sample1.jpg");
        var (boxes, scores) = RunDetector(original, input);
        var (foldedBoxes, foldedScores) = RunDetector(folded, input);
        var boxDifference = MaxDifference(boxes, foldedBoxes);
        var scoreDifference = MaxDifference(scores, foldedScores);
        output.WriteLine($"max difference: boxes {boxDifference:G3}, scores {scoreDifference:G3}");
        Assert.InRange(boxDifference, 0, 1e-4);
        Assert.InRange(scoreDifference, 0, 1e-5);
    }

    [Theory]
    [InlineData("ssd_mobilenetv1.onnx", "ssd_mobilenetv1.int8.onnx", 35)]
    [InlineData("face_recognition.onnx", "face_recognition.int8.onnx", 27)]
    public void Install_Int8Models_RunEveryQuantizedConvolutionAsAnIntegerKernel(string floatFile, string int8File, int convolutions)
    {
        // Given the float model and the int8 model set-up wrote from it
        var floatModel = ModelProto.Parser.ParseFrom(File.ReadAllBytes(models.PathOf(floatFile)));
        BatchNormFolding.Fold(floatModel.Graph);
        var int8Model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(models.PathOf(int8File)));

        // When ONNX Runtime optimises the int8 model as the pipeline's sessions do (all optimisations)
        var optimized = Path.Combine(Path.GetTempPath(), $"facecluster-int8-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions { OptimizedModelFilePath = optimized, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL })
            using (new InferenceSession(models.PathOf(int8File), options))
            {
            }

            var kernels = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimized)).Graph.Node;

            // Then every convolution the quantizer chose runs as QLinearConv (integer arithmetic), no float Conv is
            // left among them, and every int8 weight is symmetric (never -128)
            output.WriteLine(string.Join(" ", kernels.GroupBy(n => n.OpType).Select(g => $"{g.Key}:{g.Count()}")));
            Assert.Equal(convolutions, Int8Quantizer.QuantizedConvolutions(floatModel.Graph).Count);
            Assert.Equal(convolutions, kernels.Count(n => n.OpType == "QLinearConv"));
            Assert.Equal(floatModel.Graph.Node.Count(n => n.OpType == "Conv") - convolutions, kernels.Count(n => n.OpType == "Conv"));
            var weights = int8Model.Graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Int8 && t.Dims.Count == 4).ToList();
            Assert.Equal(convolutions, weights.Count);
            Assert.All(weights, w => Assert.All(w.RawData.ToByteArray(), b => Assert.InRange((sbyte)b, -Int8Quantizer.WeightLevels, Int8Quantizer.WeightLevels)));
            output.WriteLine($"{int8File}: {convolutions} QLinearConv, {new FileInfo(models.PathOf(int8File)).Length:N0} bytes vs {new FileInfo(models.PathOf(floatFile)).Length:N0}");
        }
        finally
        {
            File.Delete(optimized);
        }
    }

    [Fact]
    public void Quantize_RangesWithoutATensorTheGraphNeeds_ThrowsNamingIt()
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(models.PathOf("face_recognition.onnx")));
        var needed = Int8Quantizer.ActivationTensors(model.Graph);
        var ranges = new ActivationRanges("face_recognition.onnx", "test",
            needed.Skip(1).ToDictionary(t => t, _ => new ActivationRange(-1, 1)));

        var error = Assert.Throws<InvalidDataException>(() => Int8Quantizer.Quantize(model, ranges));

        Assert.Contains($"'{needed[0]}'", error.Message);
    }

    [Theory]
    [InlineData(2f, 6f, 6f / 255, 0)]
    [InlineData(-1f, 3f, 4f / 255, 64)]
    [InlineData(-3f, -1f, 3f / 255, 255)]
    public void ActivationQuantization_Range_IsWidenedToHoldZeroExactly(float min, float max, float scale, int zeroPoint)
    {
        var (s, z) = Int8Quantizer.ActivationQuantization(new ActivationRange(min, max));

        Assert.Equal(scale, s, 1e-7f);
        Assert.Equal(zeroPoint, z);
    }

    [Fact]
    public void Int8Profile_SamplePhotos_FindsTheFloatProfilesFacesWithNearlyTheSameEmbeddings()
    {
        // Given the shipped float profile and its int8 form
        var settings = models.Settings();
        using var floatModels = FaceModels.Load(settings, "faceapi");
        using var int8Models = FaceModels.Load(settings, "faceapi-int8");
        var floatAnalyzer = new FaceAnalyzer(floatModels);
        var int8Analyzer = new FaceAnalyzer(int8Models);
        var (matched, worstCosine, worstIou, farthest) = (0, 1.0, 1.0, 0.0);

        foreach (var path in Directory.GetFiles(TestPaths.SamplePhotos, "*.jpg").Order(StringComparer.Ordinal))
        {
            // When both analyse the same real photo
            var image = PhotoDecoder.Default.Load(path);
            var expected = floatAnalyzer.Analyze(image);
            var actual = int8Analyzer.Analyze(image);

            // Then every confident face of one is found by the other, at nearly the same place, and its embedding is
            // far closer to the float one than any threshold that separates people (0.11 squared L2)
            foreach (var (from, to) in new[] { (expected, actual), (actual, expected) })
            {
                foreach (var face in from.Where(f => f.Score >= 0.7f))
                {
                    var match = to.MaxBy(f => f.Box.IntersectionOverUnion(face.Box));
                    Assert.True(match is not null && match.Box.IntersectionOverUnion(face.Box) >= 0.8f,
                        $"{Path.GetFileName(path)}: the face at {face.Box} (score {face.Score:F2}) has no counterpart.");
                }
            }

            foreach (var face in expected)
            {
                var match = actual.MaxBy(f => f.Box.IntersectionOverUnion(face.Box));
                if (match is null || match.Box.IntersectionOverUnion(face.Box) < 0.8f)
                {
                    continue;
                }

                var cosine = VectorMath.Cosine(face.Embedding, match.Embedding);
                var squared = face.Embedding.Zip(match.Embedding, (a, b) => (double)(a - b) * (a - b)).Sum();
                Assert.True(cosine >= 0.975, $"{Path.GetFileName(path)}: face at {face.Box}: cosine {cosine:F4}");
                (matched, worstCosine, worstIou, farthest) = (matched + 1, Math.Min(worstCosine, cosine),
                    Math.Min(worstIou, match.Box.IntersectionOverUnion(face.Box)), Math.Max(farthest, squared));
            }
        }

        output.WriteLine($"{matched} faces matched; worst cosine {worstCosine:F4}, worst box IoU {worstIou:F3}, largest squared L2 {farthest:F4}");
        Assert.True(matched >= 20, $"only {matched} faces matched");
        Assert.InRange(farthest, 0, 0.11 / 2);
    }

    private static float[] DetectorInput(string sample)
    {
        var input = new float[SsdMobilenetV1Detector.InputLength];
        SsdMobilenetV1Detector.PackInput(PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, sample)), input);
        return input;
    }

    private static (float[] Boxes, float[] Scores) RunDetector(ModelProto model, float[] input)
    {
        // No graph optimisation: ONNX Runtime would otherwise fuse the unfolded batch norms itself.
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, 3, 512, 512]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, ["input"], [value], ["boxes", "scores"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
}
