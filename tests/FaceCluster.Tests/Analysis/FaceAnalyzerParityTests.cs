using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Analysis;

/// <summary>
/// The whole default profile as configured in appsettings.json (detector, landmarks, face-api's dlib crop, recogniser)
/// against face-api.js's own withFaceLandmarks().withFaceDescriptors() on the same pixels.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class FaceAnalyzerParityTests(InstalledModels installed, ITestOutputHelper output)
{
    [Fact]
    public void Analyze_FixtureImages_MatchesFaceApiDescriptorsEndToEnd()
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
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
                var box = new FaceCluster.Detection.FaceBox((float)expected.Box[0], (float)expected.Box[1], (float)expected.Box[2], (float)expected.Box[3]);
                var ours = faces.MaxBy(f => f.Box.IntersectionOverUnion(box))!;
                Assert.True(ours.Box.IntersectionOverUnion(box) >= 0.95, $"{image.File}: no matching face for {string.Join(",", expected.Box)}");
                var cosine = VectorMath.Cosine(ours.Embedding, expected.Descriptor);
                minCosine = Math.Min(minCosine, cosine);
                compared++;
                Assert.True(cosine >= 0.9999, $"{image.File}: cosine {cosine:0.000000}");
            }
        }

        output.WriteLine($"{compared} faces, min cosine {minCosine:0.0000000}");
        Assert.True(compared >= 10);
    }
}
