using System.Text.Json;
using FaceCluster.Alignment;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Embedding;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Embedding;

/// <summary>The recogniser with Embedder:Mirror: each view is also run mirrored, and the face's embedding is the normalised mean.</summary>
[Collection(ModelsCollection.Name)]
public sealed class MirroredEmbedderTests(InstalledModels installed)
{
    [Trait("Category", "Shared")]
    [SharedDataTheory]
    [InlineData(0)]
    [InlineData(2)]
    public void Run_WithMirror_IsTheNormalisedMeanOfEachViewAndItsMirror(int jitter)
    {
        // Given the real recogniser mirroring each of its views, and the same model with one plain view
        var settings = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:faceapi:Embedder:Jitter"] = jitter.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Profiles:faceapi:Embedder:Mirror"] = "true",
        });
        var profile = settings.GetProfile("faceapi").Embedder;
        using var mirrored = new OnnxFaceEmbedder(settings.ResolveModelPath(profile.Model), profile);
        using var single = new OnnxFaceEmbedder(settings.ResolveModelPath(profile.Model), profile with { Jitter = 0, Mirror = false });
        var format = InputFormat.From(profile, "test");
        var baseViews = Math.Max(1, jitter);
        Assert.Equal(2 * baseViews, mirrored.Views);
        Assert.Equal(Math.Max(2, 16 / (2 * baseViews)), mirrored.Capacity);

        // When two real faces are embedded together
        var crops = new[]
        {
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "Aaron_Eckhart", "Aaron_Eckhart_0001.jpg")), new PixelRect(70, 60, 110, 130)),
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "AJ_Cook", "AJ_Cook_0001.jpg")), new PixelRect(65, 70, 120, 100)),
        };
        for (var i = 0; i < crops.Length; i++)
        {
            format.PackCentred(crops[i].Item1, crops[i].Item2, mirrored.InputSlot(i));
        }

        var faces = mirrored.InputSlot(0).ToArray().Concat(mirrored.InputSlot(1).ToArray()).ToArray();
        var together = new float[2 * 128];
        mirrored.Run(2, together);

        // Then each equals the normalised mean of its views (the face itself, or its jittered views) and their mirrors,
        // run one by one through the plain model
        var jitterViews = jitter > 1 ? new FaceJitter(jitter, format) : null;
        for (var i = 0; i < crops.Length; i++)
        {
            var face = faces.AsSpan(i * format.Length, format.Length);
            for (var v = 0; v < baseViews; v++)
            {
                var view = single.InputSlot(2 * v);
                if (jitterViews is null)
                {
                    face.CopyTo(view);
                }
                else
                {
                    jitterViews.Apply(face, v, view);
                }

                var flipped = single.InputSlot(2 * v + 1);
                view.CopyTo(flipped);
                TensorMirror.Horizontal(flipped, format.Size, format.Layout);
            }

            var raw = new float[2 * baseViews * 128];
            single.Run(2 * baseViews, raw, normalize: false);
            var mean = Enumerable.Range(0, 128).Select(d => Enumerable.Range(0, 2 * baseViews).Sum(v => raw[v * 128 + d]) / (2 * baseViews)).ToArray();
            OnnxFaceEmbedder.Normalize(mean);
            for (var d = 0; d < 128; d++)
            {
                Assert.Equal(mean[d], together[i * 128 + d], 5);
            }

            // and differs from the face's one plain view, while staying the same face
            face.CopyTo(single.InputSlot(0));
            var plain = new float[128];
            single.Run(1, plain);
            Assert.InRange(VectorMath.Cosine(plain, together.AsSpan(i * 128, 128).ToArray()), 0.95, 0.99999);
        }
    }

    [Fact]
    public void Fingerprint_IgnoresMirrorWhileOff_SoOlderEmbeddingCachesStayValid()
    {
        // The fingerprint (a hash of the serialised profile) keys lfw's embedding cache: a profile that does not mirror
        // must serialise as it did before the setting existed, one that mirrors must get another key.
        var off = installed.Settings(new Dictionary<string, string?> { ["Profiles:faceapi:Embedder:Mirror"] = "false" });
        var on = installed.Settings(new Dictionary<string, string?> { ["Profiles:faceapi:Embedder:Mirror"] = "true" });
        using var shippedModels = FaceModels.Load(installed.Settings(), "faceapi");
        using var offModels = FaceModels.Load(off, "faceapi");
        using var onModels = FaceModels.Load(on, "faceapi");

        Assert.DoesNotContain("Mirror", JsonSerializer.Serialize(off.GetProfile("faceapi").Embedder));
        Assert.Contains("\"Mirror\":true", JsonSerializer.Serialize(on.GetProfile("faceapi").Embedder));
        Assert.Equal(shippedModels.Fingerprint, offModels.Fingerprint);
        Assert.NotEqual(shippedModels.Fingerprint, onModels.Fingerprint);
    }

    [Fact]
    public void FusedPart_Mirror_OverridesTheReferencedEmbeddersSetting()
    {
        var settings = installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:views:Embedders:0:Profile"] = "faceapi",
            ["Profiles:views:Embedders:0:Jitter"] = "0",
            ["Profiles:views:Embedders:1:Profile"] = "faceapi",
            ["Profiles:views:Embedders:1:Jitter"] = "0",
            ["Profiles:views:Embedders:1:Mirror"] = "true",
        });

        var parts = settings.ResolveEmbedders("views");

        Assert.Equal([false, true], parts.Select(p => p.Embedder.Mirror));
        Assert.All(parts, p => Assert.Equal(0, p.Embedder.Jitter));
    }
}
