using System.Numerics.Tensors;
using System.Text.Json;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Models.TfjsGraph;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Models;

/// <summary>
/// Our ONNX conversions of human-models' TensorFlow.js graph models against TensorFlow.js itself (4.22.0, WASM backend,
/// tools/reference/generate-human-models.sh) on real faces aligned by the profile's own aligner: every op of each graph
/// (convolutions, PReLU, ReLU6, Pad, flatten + dense, mean pooling, the l2 tail) is on the path being compared.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class TfjsGraphParityTests(InstalledModels installed)
{
    [Theory]
    [InlineData("human-mobilefacenet", 192)]
    [InlineData("human-mobileface", 256)]
    [InlineData("human-faceres", 1024)]
    public void ConvertedGraph_OnAlignedFaces_MatchesTensorFlowJs(string profile, int dimension)
    {
        using var models = FaceModels.Load(installed.Settings(), profile);
        var analyzer = new FaceAnalyzer(models);
        var references = Reference(profile);
        Assert.True(references.Count >= 3, $"the fixture holds {references.Count} faces for {profile}");

        foreach (var (file, expected) in references)
        {
            Assert.Equal(dimension, expected.Length);
            var actual = analyzer.EmbedAligned(PhotoDecoder.Default.Load(TestPaths.Fixture("human-models", file)));
            var cosine = TensorPrimitives.CosineSimilarity(expected, actual);
            Assert.True(cosine >= 0.9999, $"{file}: cosine {cosine} with TensorFlow.js");
        }
    }

    [Fact]
    public void ConvertedGraph_OfDifferentFaces_GivesDifferentEmbeddings()
    {
        // Guards the parity above against a converter that matches by giving everything the same vector.
        using var models = FaceModels.Load(installed.Settings(), "human-mobileface");
        var analyzer = new FaceAnalyzer(models);
        var faces = Reference("human-mobileface").Select(r => analyzer.EmbedAligned(PhotoDecoder.Default.Load(TestPaths.Fixture("human-models", r.File)))).ToList();

        Assert.True(TensorPrimitives.CosineSimilarity(faces[0], faces[1]) < 0.9);
    }

    [Fact]
    public void Converter_UnknownOp_IsRefusedByName()
    {
        using var temp = new TempDirectory();
        var json = File.ReadAllText(Path.Combine(TestPaths.HumanModels, "mobilefacenet.json")).Replace("\"op\":\"Rsqrt\"", "\"op\":\"Erf\"", StringComparison.Ordinal);
        Assert.Contains("\"Erf\"", json);
        File.WriteAllText(temp.File("mobilefacenet.json"), json);
        File.Copy(Path.Combine(TestPaths.HumanModels, "mobilefacenet.bin"), temp.File("mobilefacenet.bin"));

        var error = Assert.Throws<InvalidDataException>(() => TfjsGraphConverter.Convert(TfjsGraphModel.Load(temp.File("mobilefacenet.json"))));

        Assert.Contains("'Erf'", error.Message);
        Assert.Contains("embeddings/Rsqrt", error.Message);
    }

    private static List<(string File, float[] Embedding)> Reference(string profile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.Fixture("human-models", "reference.json")));
        Assert.Equal("wasm", document.RootElement.GetProperty("backend").GetString());
        return document.RootElement.GetProperty("models").GetProperty(profile).EnumerateArray()
            .Select(face => (face.GetProperty("file").GetString()!, face.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray()))
            .ToList();
    }
}
