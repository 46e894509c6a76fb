using FaceCluster.Analysis;
using FaceCluster.Evaluation;
using FaceCluster.Lfw;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Lfw;

[Collection(ModelsCollection.Name)]
public sealed class LfwEmbedderTests(InstalledModels installed, ITestOutputHelper output) : IDisposable
{
    /// <summary>The squared distance LFW calibrates as "same person" for the default profile (0.17).</summary>
    private const double SamePerson = 0.17;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Embed_ImageWhereNoFaceIsDetected_CountsAFallbackThatStillMatchesThePerson()
    {
        // Given three photos of one man; the detector finds no face at all in the third, even zoomed out
        var paths = new[] { 1, 2, 3 }.Select(i => Path.Combine(TestPaths.LfwImages, "Abdoulaye_Wade", $"Abdoulaye_Wade_000{i}.jpg")).ToList();
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        Assert.Empty(models.Detector.Detect(Decoding.PhotoDecoder.Default.Load(paths[2])));
        using var cache = new EmbeddingCache(_temp.File("cache.db"));

        // When the LFW embedder embeds them
        var result = await new LfwEmbedder(models, cache, 2).EmbedAsync(paths, flip: false);

        // Then that one is reported as a fallback, and its landmark-aligned centre crop is still him
        Assert.Equal(1, result.Fallbacks);
        var fallback = result.ByPath[paths[2]];
        foreach (var other in paths.Take(2))
        {
            var distance = VerificationMetrics.SquaredDistance(fallback, result.ByPath[other]);
            output.WriteLine($"{Path.GetFileName(other)}: {distance:0.0000}");
            Assert.True(distance < SamePerson, $"{Path.GetFileName(other)} at {distance:0.0000}");
        }
    }
}
