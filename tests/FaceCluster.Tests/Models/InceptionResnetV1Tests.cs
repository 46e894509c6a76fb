using FaceCluster.Models.FaceNet;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceCluster.Tests.Models;

/// <summary>Builds the random-weight graph once (seed 1234), writes it to a temp folder and opens an ORT session on it.</summary>
public sealed class InceptionResnetV1Fixture : IDisposable
{
    public const int Seed = 1234;

    public InceptionResnetV1Fixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"facecluster-irv1-{Guid.NewGuid():N}");
        Model = InceptionResnetV1Builder.Build(Seed, out var count);
        PytorchParameterCount = count;
        ModelPath = Path.Combine(Directory, InceptionResnetV1Builder.FileName);
        OnnxModelFile.WriteAtomic(Model, ModelPath);
        Session = new InferenceSession(ModelPath);
    }

    public string Directory { get; }

    public ModelProto Model { get; }

    public long PytorchParameterCount { get; }

    public string ModelPath { get; }

    public InferenceSession Session { get; }

    public float[] Run(float[] input, int batch)
    {
        var tensor = new DenseTensor<float>(input, [batch, 3, InceptionResnetV1Builder.InputSize, InceptionResnetV1Builder.InputSize]);
        using var results = Session.Run([NamedOnnxValue.CreateFromTensor(InceptionResnetV1Builder.InputName, tensor)]);
        var output = results.Single(r => r.Name == InceptionResnetV1Builder.OutputName).AsTensor<float>();
        Assert.Equal([batch, InceptionResnetV1Builder.EmbeddingSize], output.Dimensions.ToArray());
        return output.ToArray();
    }

    public void Dispose()
    {
        Session.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public class InceptionResnetV1Tests(InceptionResnetV1Fixture fixture) : IClassFixture<InceptionResnetV1Fixture>
{
    private const int ImageFloats = 3 * InceptionResnetV1Builder.InputSize * InceptionResnetV1Builder.InputSize;
    private const int Dim = InceptionResnetV1Builder.EmbeddingSize;

    [Fact]
    public void PytorchParameterCount_MatchesFacenetPytorch()
    {
        // sum(p.numel() for p in InceptionResnetV1(classify=False).parameters()), see REFERENCE.md §2
        Assert.Equal(23_482_624L, fixture.PytorchParameterCount);
    }

    [Fact]
    public void FoldedGraph_HoldsFewerFloatsThanPytorchCount()
    {
        var floats = fixture.Model.Graph.Initializer
            .Where(t => t.DataType == (int)TensorProto.Types.DataType.Float)
            .Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        Assert.InRange(floats, 23_000_000L, fixture.PytorchParameterCount - 1);
    }

    [Fact]
    public void Session_ExposesDynamicBatchShapes()
    {
        var input = Assert.Single(fixture.Session.InputMetadata);
        Assert.Equal(InceptionResnetV1Builder.InputName, input.Key);
        Assert.Equal([-1, 3, 160, 160], input.Value.Dimensions);
        Assert.Equal(typeof(float), input.Value.ElementType);

        var output = Assert.Single(fixture.Session.OutputMetadata);
        Assert.Equal(InceptionResnetV1Builder.OutputName, output.Key);
        Assert.Equal([-1, 512], output.Value.Dimensions);
    }

    [Fact]
    public void Run_BatchesOfOneAndThree_GiveFiniteUnitRowsThatMatchSingleRuns()
    {
        var images = Enumerable.Range(0, 3).Select(i => RandomImage(100 + i)).ToArray();
        var singles = images.Select(image => fixture.Run(image, 1)).ToArray();
        var batched = fixture.Run(images.SelectMany(i => i).ToArray(), 3);

        for (var i = 0; i < 3; i++)
        {
            var row = batched.AsSpan(i * Dim, Dim);
            AssertFiniteUnitRow(singles[i]);
            AssertFiniteUnitRow(row);
            for (var j = 0; j < Dim; j++)
            {
                Assert.True(Math.Abs(row[j] - singles[i][j]) <= 1e-4, $"row {i} element {j}: batched {row[j]} vs single {singles[i][j]}");
            }
        }
    }

    [Fact]
    public void Run_DifferentRandomInputs_GiveDifferentEmbeddings()
    {
        var a = fixture.Run(RandomImage(1), 1);
        var b = fixture.Run(RandomImage(2), 1);
        var cosine = a.Zip(b, (x, y) => (double)x * y).Sum(); // both rows have unit norm
        Assert.True(cosine < 0.99, $"cosine {cosine}: the random network collapses different inputs onto one embedding");
    }

    [Fact]
    public void Metadata_SaysRandomUntrained()
    {
        var metadata = fixture.Session.ModelMetadata;
        Assert.Equal("random-untrained", metadata.CustomMetadataMap["weights"]);
        Assert.Equal(InceptionResnetV1Fixture.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata.CustomMetadataMap["seed"]);
        Assert.Equal("InceptionResnetV1 (facenet-pytorch)", metadata.CustomMetadataMap["architecture"]);
        Assert.Contains("RANDOM", fixture.Model.DocString, StringComparison.Ordinal);
        Assert.Contains("NOT a trained", fixture.Model.DocString, StringComparison.Ordinal);
        Assert.Contains("RANDOM-WEIGHTS-NOT-TRAINED", InceptionResnetV1Builder.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SameSeed_IsByteIdenticalAndOtherSeedDiffers()
    {
        var again = InceptionResnetV1Builder.Build(InceptionResnetV1Fixture.Seed, out _);
        var path = Path.Combine(fixture.Directory, "again.onnx");
        OnnxModelFile.WriteAtomic(again, path);
        Assert.True(File.ReadAllBytes(fixture.ModelPath).AsSpan().SequenceEqual(File.ReadAllBytes(path)), "same seed wrote different bytes");

        var other = InceptionResnetV1Builder.Build(InceptionResnetV1Fixture.Seed + 1, out _);
        Assert.Equal(fixture.Model.Graph.Initializer.Count, other.Graph.Initializer.Count);
        var floatPairs = fixture.Model.Graph.Initializer.Zip(other.Graph.Initializer)
            .Where(p => p.First.DataType == (int)TensorProto.Types.DataType.Float)
            .ToArray();
        Assert.NotEmpty(floatPairs);
        Assert.All(floatPairs, p =>
        {
            Assert.Equal(p.First.Name, p.Second.Name);
            Assert.NotEqual(p.First.RawData, p.Second.RawData);
        });
        Assert.Equal("1235", other.MetadataProps.Single(m => m.Key == "seed").Value);
    }

    private static void AssertFiniteUnitRow(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (var v in row)
        {
            Assert.True(float.IsFinite(v), $"non-finite embedding value {v}");
            sum += (double)v * v;
        }

        Assert.True(Math.Abs(Math.Sqrt(sum) - 1.0) <= 1e-4, $"row L2 norm {Math.Sqrt(sum)}");
    }

    /// <summary>A uniformly random image in 0..255, standardised as (x − 127.5) / 128 like fixed_image_standardization.</summary>
    private static float[] RandomImage(int seed)
    {
        var random = new Random(seed);
        var image = new float[ImageFloats];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (random.Next(256) - 127.5f) / 128f;
        }

        return image;
    }
}
