using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Long;

/// <summary>Opt-in (Category=Long): ingests all of ../shared/lfw (13,233 photos); several minutes on two cores.</summary>
[Collection(ModelsCollection.Name)]
[Trait("Category", "Long")]
public sealed class LfwIngestLongTests(InstalledModels installed, ITestOutputHelper output)
{
    [Fact]
    public async Task IngestAllOfLfw_FindsAFaceInAtLeast99PercentOfImages()
    {
        using var temp = new TempDirectory();
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(temp.File("lfw.db"));

        var summary = await new IngestPipeline(store, models, new IngestOptions()).RunAsync([TestPaths.LfwImages], prune: false);

        var withFace = store.ReadFaces("faceapi").Select(f => f.PhotoId).Distinct().Count();
        var rate = (double)withFace / summary.Run.FilesNew;
        output.WriteLine($"{summary.Run.FilesNew} images, {summary.Run.FacesAdded} faces, face found in {withFace} = {rate:P2}, {summary.Run.Seconds:0}s");
        Assert.Equal(13_233, summary.Run.FilesNew);
        Assert.True(rate >= 0.99, $"face found in {rate:P2} of LFW images");
    }
}
