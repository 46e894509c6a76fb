using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Pipeline;

/// <summary>Two detect workers, each with its own detector session, store exactly the faces one worker stores.</summary>
[Collection(ModelsCollection.Name)]
public sealed class DetectWorkersTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TwoDetectWorkers_StoreTheSameFacesAsOne()
    {
        var one = await IngestSamples(workers: 1);
        var two = await IngestSamples(workers: 2);

        Assert.NotEmpty(one);
        Assert.Equal(one.Keys.Order(), two.Keys.Order());
        foreach (var (path, faces) in one)
        {
            Assert.Equal(faces.Select(f => f.Box), two[path].Select(f => f.Box));
            Assert.Equal(faces.Select(f => f.Embedding), two[path].Select(f => f.Embedding));
        }
    }

    [Fact]
    public async Task DetectWorkers_BelowOne_IsAConfigurationError()
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(_temp.File("zero.db"));

        var pipeline = new IngestPipeline(store, models, new IngestOptions { DetectWorkers = 0 });

        await Assert.ThrowsAsync<Configuration.ConfigurationException>(() => pipeline.RunAsync([TestPaths.SamplePhotos], prune: false));
    }

    private async Task<Dictionary<string, List<StoredFace>>> IngestSamples(int workers)
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(_temp.File($"workers-{workers}.db"));
        var summary = await new IngestPipeline(store, models, new IngestOptions { DetectWorkers = workers }).RunAsync([TestPaths.SamplePhotos], prune: false);
        Assert.Equal("completed", summary.Run.Status);
        return store.ReadFaces("faceapi").GroupBy(f => f.PhotoPath).ToDictionary(g => g.Key, g => g.OrderBy(f => f.Box.X).ThenBy(f => f.Box.Y).ToList());
    }
}
