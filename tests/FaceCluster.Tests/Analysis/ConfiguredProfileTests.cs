using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Analysis;

/// <summary>Third-party and architecture-only embedders plugged in by configuration alone.</summary>
[Collection(ModelsCollection.Name)]
public sealed class ConfiguredProfileTests(InstalledModels installed)
{
    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void MobileFaceNetProfile_FixedBatchOfOne_EmbedsSeveralFacesAsUnitVectors()
    {
        var settings = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:mobilefacenet:Embedder:Model"] = Path.Combine(TestPaths.SharedModels, "mobilefacenet.onnx"),
        });
        using var models = FaceModels.Load(settings, "mobilefacenet");
        Assert.True(models.Embedder.Parts[0].Embedder.FixedBatch);

        var faces = new FaceAnalyzer(models).Analyze(PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample5.jpg")));

        Assert.True(faces.Count >= 3, $"sample5 has several faces, found {faces.Count}");
        Assert.All(faces, f =>
        {
            Assert.Equal(128, f.Embedding.Length);
            Assert.InRange(Norm(f.Embedding), 0.9999, 1.0001);
        });
        // Different people's faces must not come out as the same vector (a batch-of-one bug would repeat slot 0).
        Assert.True(Distance(faces[0].Embedding, faces[1].Embedding) > 0.1);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void MobileFaceNetProfile_SameFaceAloneOrInABatch_GivesTheSameEmbedding()
    {
        var settings = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:mobilefacenet:Embedder:Model"] = Path.Combine(TestPaths.SharedModels, "mobilefacenet.onnx"),
            ["Profiles:mobilefacenet:Embedder:BatchSize"] = "1",
        });
        using var single = FaceModels.Load(settings, "mobilefacenet");
        var image = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample5.jpg"));
        var alone = new FaceAnalyzer(single).Analyze(image);

        using var batched = FaceModels.Load(installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:mobilefacenet:Embedder:Model"] = Path.Combine(TestPaths.SharedModels, "mobilefacenet.onnx"),
        }), "mobilefacenet");
        var together = new FaceAnalyzer(batched).Analyze(image);

        Assert.Equal(alone.Count, together.Count);
        for (var i = 0; i < alone.Count; i++)
        {
            Assert.True(Distance(alone[i].Embedding, together[i].Embedding) < 1e-8);
        }
    }

    [Fact]
    public void FaceNetRandomProfile_RunsTheInceptionResnetV1GraphAt160To512()
    {
        using var models = FaceModels.Load(installed.Settings(), "facenet-random");
        var faces = new FaceAnalyzer(models).Analyze(PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg")));

        Assert.Equal(160, models.Embedder.Parts[0].Embedder.InputSize);
        Assert.NotEmpty(faces);
        Assert.All(faces, f =>
        {
            Assert.Equal(512, f.Embedding.Length);
            Assert.InRange(Norm(f.Embedding), 0.9999, 1.0001);
        });
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    private static double Distance(float[] a, float[] b) => a.Zip(b).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second));
}
