using System.Numerics.Tensors;
using System.Text.Json;
using FaceCluster.Analysis;
using FaceCluster.Cli;
using FaceCluster.Configuration;
using FaceCluster.Decoding;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Analysis;

/// <summary>Profiles that name several embedders: one stored vector whose squared distance is the weighted mean of theirs.</summary>
[Collection(ModelsCollection.Name)]
public sealed class FusedProfileTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void FusedEmbedding_SquaredDistance_IsTheWeightedMeanOfEachEmbeddersOwn()
    {
        var settings = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:pair:Embedders:0:Profile"] = "faceapi",
            ["Profiles:pair:Embedders:0:Weight"] = "3",
            ["Profiles:pair:Embedders:0:Jitter"] = "0",
            ["Profiles:pair:Embedders:1:Profile"] = "human-mobileface",
            ["Profiles:pair:Embedders:1:Weight"] = "1",
        });
        var image = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"));
        var fused = Embed(settings, "pair", image);
        var faceApi = Embed(installed.Settings(new Dictionary<string, string?> { ["Profiles:faceapi:Embedder:Jitter"] = "0" }), "faceapi", image);
        var mobileFace = Embed(settings, "human-mobileface", image);

        Assert.True(fused.Count >= 3, $"sample1 has three faces, found {fused.Count}");
        Assert.All(fused, f => Assert.Equal(128 + 256, f.Length));
        Assert.All(fused, f => Assert.InRange(TensorPrimitives.Norm(f), 0.9999f, 1.0001f));
        for (var i = 1; i < fused.Count; i++)
        {
            var expected = (3 * Squared(faceApi[0], faceApi[i]) + Squared(mobileFace[0], mobileFace[i])) / 4;
            Assert.Equal(expected, Squared(fused[0], fused[i]), 4);
        }
    }

    [Fact]
    public void FusedProfile_NamingAnotherFusedProfileOrNone_IsAConfigurationError()
    {
        var nested = installed.Settings(new Dictionary<string, string?> { ["Profiles:outer:Embedders:0:Profile"] = "fused" });
        var missing = installed.Settings(new Dictionary<string, string?> { ["Profiles:outer:Embedders:0:Profile"] = "nope" });
        var weightless = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:outer:Embedders:0:Profile"] = "faceapi",
            ["Profiles:outer:Embedders:0:Weight"] = "0",
        });

        Assert.Contains("single Embedder", Assert.Throws<ConfigurationException>(() => nested.GetProfile("outer")).Message);
        Assert.Contains("'nope'", Assert.Throws<ConfigurationException>(() => missing.GetProfile("outer")).Message);
        Assert.Contains("Weight", Assert.Throws<ConfigurationException>(() => weightless.GetProfile("outer")).Message);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task EmbedJson_UsersOwnOnnxInAFusedProfile_ShowsTheFusedVectorAndEachPart()
    {
        // The third-party MobileFaceNet (fixed batch of 1, its own normalisation) joins by configuration alone.
        var config = _temp.File("config.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            ModelsDirectory = installed.Directory,
            Profiles = new Dictionary<string, object>
            {
                ["mobilefacenet"] = new { Embedder = new { Model = Path.Combine(TestPaths.SharedModels, "mobilefacenet.onnx") } },
                ["mine"] = new { Embedders = new object[] { new { Profile = "faceapi", Weight = 0.6, Jitter = 0 }, new { Profile = "mobilefacenet", Weight = 0.4 } } },
            },
        }));

        var (code, output, error) = await CliRunner.RunAsync("embed", Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), "--json", "--profile", "mine", "--config", config);

        Assert.True(code == ExitCodes.Success, error);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(256, root.GetProperty("dimension").GetInt32());
        var parts = root.GetProperty("parts").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("offset").GetInt32(), p.GetProperty("length").GetInt32())).ToList();
        Assert.Equal([("faceapi", 0, 128), ("mobilefacenet", 128, 128)], parts);
        var faces = root.GetProperty("faces").EnumerateArray().ToList();
        Assert.True(faces.Count >= 3);
        foreach (var face in faces)
        {
            var vector = face.GetProperty("embedding").EnumerateArray().Select(v => v.GetSingle()).ToArray();
            Assert.Equal(256, vector.Length);
            // Each part carries √(weight / total) of the unit length.
            Assert.InRange(TensorPrimitives.Norm(vector.AsSpan(0, 128)), Math.Sqrt(0.6) - 1e-3, Math.Sqrt(0.6) + 1e-3);
            Assert.InRange(TensorPrimitives.Norm(vector.AsSpan(128)), Math.Sqrt(0.4) - 1e-3, Math.Sqrt(0.4) + 1e-3);
        }
    }

    private static List<float[]> Embed(FaceClusterSettings settings, string profile, FaceCluster.Imaging.RgbImage image)
    {
        using var models = FaceModels.Load(settings, profile);
        return new FaceAnalyzer(models).Analyze(image).Select(f => f.Embedding).ToList();
    }

    private static float Squared(float[] a, float[] b) => TensorPrimitives.Distance(a, b) * TensorPrimitives.Distance(a, b);
}
