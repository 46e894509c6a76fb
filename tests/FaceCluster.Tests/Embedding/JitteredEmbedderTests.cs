using FaceCluster.Alignment;
using FaceCluster.Decoding;
using FaceCluster.Embedding;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Embedding;

/// <summary>The recogniser with Embedder:Jitter: each face's embedding is the normalised mean of its jittered views.</summary>
[Collection(ModelsCollection.Name)]
public sealed class JitteredEmbedderTests(InstalledModels installed)
{
    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Run_WithJitter_IsTheNormalisedMeanOfTheViewsEmbeddedOneByOne()
    {
        // Given the real recogniser with 4 jittered views per face, and the same model without jitter
        var settings = installed.Settings(new Dictionary<string, string?> { ["Profiles:faceapi:Embedder:Jitter"] = "4" });
        var profile = settings.GetProfile("faceapi").Embedder;
        using var jittered = new OnnxFaceEmbedder(settings.ResolveModelPath(profile.Model), profile);
        using var single = new OnnxFaceEmbedder(settings.ResolveModelPath(profile.Model), profile with { Jitter = 0 });
        var format = InputFormat.From(profile, "test");
        Assert.Equal(4, jittered.Views);
        Assert.Equal(16 / 4, jittered.Capacity);

        // When two real faces are embedded together with jitter
        var crops = new[]
        {
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "Aaron_Eckhart", "Aaron_Eckhart_0001.jpg")), new PixelRect(70, 60, 110, 130)),
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "AJ_Cook", "AJ_Cook_0001.jpg")), new PixelRect(65, 70, 120, 100)),
        };
        for (var i = 0; i < crops.Length; i++)
        {
            format.PackCentred(crops[i].Item1, crops[i].Item2, jittered.InputSlot(i));
        }

        var faces = jittered.InputSlot(0).ToArray().Concat(jittered.InputSlot(1).ToArray()).ToArray();
        var together = new float[2 * 128];
        jittered.Run(2, together);

        // Then each equals the normalised mean of its four views run through the plain model
        var views = new FaceJitter(4, format);
        for (var i = 0; i < crops.Length; i++)
        {
            for (var v = 0; v < 4; v++)
            {
                views.Apply(faces.AsSpan(i * format.Length, format.Length), v, single.InputSlot(v));
            }

            var raw = new float[4 * 128];
            single.Run(4, raw, normalize: false);
            var mean = Enumerable.Range(0, 128).Select(d => (raw[d] + raw[128 + d] + raw[256 + d] + raw[384 + d]) / 4).ToArray();
            OnnxFaceEmbedder.Normalize(mean);
            for (var d = 0; d < 128; d++)
            {
                Assert.Equal(mean[d], together[i * 128 + d], 5);
            }

            // and differs from the unjittered embedding, while staying the same face
            format.PackCentred(crops[i].Item1, crops[i].Item2, single.InputSlot(0));
            var plain = new float[128];
            single.Run(1, plain);
            var cosine = VectorMath.Cosine(plain, together.AsSpan(i * 128, 128).ToArray());
            Assert.InRange(cosine, 0.95, 0.99999);
        }
    }
}
