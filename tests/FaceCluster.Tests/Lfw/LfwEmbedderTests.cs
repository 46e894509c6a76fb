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

    [Trait("Category", "Shared")]
    [SharedDataFact]
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

    [Fact]
    public async Task Embed_EmbeddingFailsOnTheFirstBatch_StopsTheDecodersAndThrowsThatError()
    {
        // Given more real photos than the decoded-image channel holds, and a consumer that fails after its first batch
        var paths = new List<string>();
        for (var copy = 0; copy < 5; copy++)
        {
            foreach (var photo in Directory.GetFiles(TestPaths.SamplePhotos).Order(StringComparer.Ordinal))
            {
                paths.Add(_temp.File($"{copy}-{Path.GetFileName(photo)}"));
                File.Copy(photo, paths[^1]);
            }
        }

        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var cache = new EmbeddingCache(_temp.File("cache.db"));
        var decoderTokens = new System.Collections.Concurrent.ConcurrentBag<CancellationToken>();
        var embedder = new LfwEmbedder(models, cache, 2, (path, ct) =>
        {
            decoderTokens.Add(ct);
            return Decoding.PhotoDecoder.Default.Load(path);
        });
        var failure = new InvalidOperationException("the consumer failed");

        // When the LFW embedder runs
        var run = embedder.EmbedAsync(paths, flip: false, progress: _ => throw failure);

        // Then it throws that failure promptly (not hanging on a decoder blocked on the full channel), and only after
        // telling the decoders to stop
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.Same(run, finished);
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => run));
        Assert.True(decoderTokens.Count < paths.Count, $"the channel must have held the decoders back: {decoderTokens.Count} of {paths.Count} decoded");
        Assert.All(decoderTokens, t => Assert.True(t.IsCancellationRequested, "the decoders were not told to stop"));
    }
}
