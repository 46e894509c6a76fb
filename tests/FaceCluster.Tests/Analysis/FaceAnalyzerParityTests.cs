using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Analysis;

/// <summary>
/// The default profile's models (detector, landmarks, recogniser) with face-api.js's own descriptor crop, against
/// face-api.js's withFaceLandmarks().withFaceDescriptors() on the same pixels: the profile's additions to face-api.js
/// (the zoomed-out second look, dlib's face chip, jittered embeddings) switched off. With them on, each embedding is still
/// nearest to face-api's descriptor of the same face.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class FaceAnalyzerParityTests(InstalledModels installed, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> FaceApiAlone = new()
    {
        ["Profiles:faceapi:Detector:ZoomOutRetry"] = "false",
        ["Profiles:faceapi:Embedder:Alignment"] = "FaceApiDlib",
        ["Profiles:faceapi:Embedder:Jitter"] = "0",
    };

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Analyze_FixtureImages_MatchesFaceApiDescriptorsEndToEnd()
    {
        using var models = FaceModels.Load(installed.Settings(FaceApiAlone), "faceapi");
        var analyzer = new FaceAnalyzer(models);
        var reference = FaceApiReference.Load();
        var minCosine = 1.0;
        var compared = 0;
        foreach (var image in reference.Images)
        {
            var faces = analyzer.Analyze(PhotoDecoder.Default.Load(TestPaths.ResolveImage(image.File)));
            Assert.Equal(image.Faces.Count, faces.Count);
            foreach (var expected in image.Faces)
            {
                var ours = faces[Match(faces, image, expected)];
                var cosine = VectorMath.Cosine(ours.Embedding, expected.Descriptor);
                minCosine = Math.Min(minCosine, cosine);
                compared++;
                Assert.True(cosine >= 0.9999, $"{image.File}: cosine {cosine:0.000000}");
            }
        }

        output.WriteLine($"{compared} faces, min cosine {minCosine:0.0000000}");
        Assert.True(compared >= 10);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Analyze_WithTheProfilesChipAndJitter_StillKnowsEachFaceAmongFaceApisAndIsDeterministic()
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        Assert.True(models.Profile.Embedder.Jitter > 1, "the default profile jitters");
        var analyzer = new FaceAnalyzer(models);
        var pairs = new List<(float[] Ours, float[] FaceApi, string File, string Name)>();
        foreach (var image in FaceApiReference.Load().Images)
        {
            var pixels = PhotoDecoder.Default.Load(TestPaths.ResolveImage(image.File));
            var faces = analyzer.Analyze(pixels);
            var again = analyzer.Analyze(pixels);
            foreach (var expected in image.Faces)
            {
                var index = Match(faces, image, expected);
                Assert.Equal(faces[index].Embedding, again[index].Embedding);
                pairs.Add((faces[index].Embedding, expected.Descriptor, image.File, $"{image.File} @{string.Join(",", expected.Box.Select(v => (int)v))}"));
            }
        }

        // The chip and the jitter move each embedding, but it stays nearer face-api's descriptor of that face than face-api's
        // descriptor of anyone else in the same photo (the sample photos show one cast, so other photos may hold the same
        // person).
        var compared = 0;
        foreach (var (ours, faceApi, file, name) in pairs)
        {
            var own = VectorMath.Cosine(ours, faceApi);
            Assert.True(own < 0.99999, $"{name}: the chip and jitter change the embedding");
            var others = pairs.Where(p => p.File == file && !ReferenceEquals(p.FaceApi, faceApi)).ToList();
            if (others.Count == 0)
            {
                continue;
            }

            var bestOther = others.Max(p => VectorMath.Cosine(ours, p.FaceApi));
            output.WriteLine($"{name}: own {own:0.0000}, nearest other in the photo {bestOther:0.0000}");
            Assert.True(own > bestOther, $"{name}: own descriptor at cosine {own:0.0000}, another face's at {bestOther:0.0000}");
            compared++;
        }

        Assert.True(compared >= 20);
    }

    /// <summary>The index of our face that is face-api.js's <paramref name="expected"/> face (IoU ≥ 0.95, asserted).</summary>
    private static int Match(IReadOnlyList<AnalyzedFace> faces, ReferenceImage image, ReferenceFace expected)
    {
        var box = new FaceCluster.Detection.FaceBox((float)expected.Box[0], (float)expected.Box[1], (float)expected.Box[2], (float)expected.Box[3]);
        var index = faces.Select((f, i) => (f, i)).MaxBy(p => p.f.Box.IntersectionOverUnion(box)).i;
        Assert.True(faces[index].Box.IntersectionOverUnion(box) >= 0.95, $"{image.File}: no matching face for {string.Join(",", expected.Box)}");
        return index;
    }
}
