using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Pipeline;

[Collection(ModelsCollection.Name)]
public sealed class IngestPipelineTests(InstalledModels installed) : IDisposable
{
    private static readonly string[] LfwPhotos =
    [
        "Aaron_Peirsol/Aaron_Peirsol_0001.jpg", "Aaron_Peirsol/Aaron_Peirsol_0002.jpg",
        "Abdullah_Gul/Abdullah_Gul_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0002.jpg",
        "Adrien_Brody/Adrien_Brody_0001.jpg", "Adrien_Brody/Adrien_Brody_0002.jpg",
    ];

    private readonly TempDirectory _temp = new();
    private readonly FaceModels _models = FaceModels.Load(installed.Settings(), "faceapi");

    public void Dispose()
    {
        _models.Dispose();
        _temp.Dispose();
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_RealPhotos_StoresEveryFaceWithProfileSizedEmbeddings()
    {
        var library = MakeLibrary();
        var summary = await IngestAsync(library);

        Assert.Equal("completed", summary.Run.Status);
        Assert.Equal(LfwPhotos.Length + 1, summary.Run.FilesNew);
        Assert.Equal(0, summary.Run.FilesFailed);
        using var store = OpenStore();
        var faces = store.ReadFaces("faceapi").ToList();
        Assert.True(faces.Count >= LfwPhotos.Length + 2, $"expected faces in every LFW photo and the sample, got {faces.Count}");
        Assert.All(faces, f =>
        {
            Assert.Equal(128, f.Embedding.Length);
            Assert.InRange(Math.Sqrt(f.Embedding.Sum(v => (double)v * v)), 0.999, 1.001);
        });
        Assert.Equal(LfwPhotos.Length, faces.Where(f => f.PhotoPath.Contains("lfw-")).Select(f => f.PhotoId).Distinct().Count());
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_SecondRunOnSameTree_DecodesNothing()
    {
        var library = MakeLibrary();
        await IngestAsync(library);
        var facesBefore = FaceIds();

        var (summary, clock) = await IngestWithClockAsync(library);

        Assert.Equal(LfwPhotos.Length + 1, summary.Run.FilesUnchanged);
        Assert.Equal(0, summary.Run.FilesNew + summary.Run.FilesChanged);
        Assert.False(clock.Seconds().ContainsKey("decode"), "a re-run must not decode (or even read) any photo");
        Assert.Equal(facesBefore, FaceIds());
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_ModifiedFile_IsReprocessedAndItsFacesReplaced()
    {
        var library = MakeLibrary();
        await IngestAsync(library);
        var target = Path.Combine(library, "lfw-0.jpg");
        var oldIds = FaceIdsOf(target);

        File.Copy(TestPaths.ResolveImage("lfw:" + LfwPhotos[2]), target, overwrite: true);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(1));
        var summary = await IngestAsync(library);

        Assert.Equal(1, summary.Run.FilesChanged);
        var newIds = FaceIdsOf(target);
        Assert.NotEmpty(newIds);
        Assert.Empty(newIds.Intersect(oldIds));
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_TouchedButIdenticalFile_IsConfirmedByHashWithoutDecoding()
    {
        var library = MakeLibrary();
        await IngestAsync(library);
        var target = Path.Combine(library, "lfw-1.jpg");
        var ids = FaceIdsOf(target);
        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(5));

        var (summary, clock) = await IngestWithClockAsync(library);

        Assert.Equal(0, summary.Run.FilesChanged);
        Assert.Equal(LfwPhotos.Length + 1, summary.Run.FilesUnchanged);
        Assert.Equal(ids, FaceIdsOf(target));
        Assert.True(clock.Seconds().ContainsKey("decode"), "the touched file is read and hashed");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_HostileFiles_AreStoredAsFailedWithReasonsWhileGoodPhotosComplete()
    {
        var library = MakeLibrary();
        File.WriteAllBytes(Path.Combine(library, "corrupt.jpg"), HostileFiles.CorruptJpeg(7));
        File.WriteAllBytes(Path.Combine(library, "truncated.jpg"), HostileFiles.Truncated(TestPaths.ResolveImage("lfw:" + LfwPhotos[0]), 0.5));
        File.WriteAllBytes(Path.Combine(library, "empty.jpg"), []);
        File.WriteAllText(Path.Combine(library, "notes.png"), "this is not a picture");
        File.WriteAllBytes(Path.Combine(library, "bomb.png"), HostileFiles.PngClaiming(50_000, 50_000));
        File.WriteAllText(Path.Combine(library, "readme.txt"), "not a photo, not a photo extension: ignored");

        var summary = await IngestAsync(library);

        Assert.Equal("completed", summary.Run.Status);
        Assert.Equal(5, summary.Run.FilesFailed);
        var errors = Errors();
        Assert.Contains("corrupt", errors["corrupt.jpg"]);
        Assert.Contains("truncated", errors["truncated.jpg"]);
        Assert.Contains("empty", errors["empty.jpg"]);
        Assert.Contains("not a supported image", errors["notes.png"]);
        Assert.Contains("decompression bomb", errors["bomb.png"]);
        Assert.DoesNotContain("readme.txt", errors.Keys);
        using var store = OpenStore();
        Assert.Equal(LfwPhotos.Length + 1, store.GetStatus().Photos - 5);
        Assert.True(store.CountFaces("faceapi") >= LfwPhotos.Length + 2);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_AfterCancelledRun_FinishesTheRestWithoutDuplicateFaces()
    {
        var library = MakeLibrary(copies: 3);
        using (var cancel = new CancellationTokenSource())
        using (var store = OpenStore())
        {
            var pipeline = new IngestPipeline(store, _models, new IngestOptions { StoreBatch = 1, DecodeWorkers = 1 });
            var run = pipeline.RunAsync([library], prune: false, cancel.Token);
            while (pipeline.Counters.Stored < 3 && !run.IsCompleted)
            {
                await Task.Delay(5);
            }

            await cancel.CancelAsync();
            var summary = await run;
            Assert.Equal("cancelled", summary.Run.Status);
        }

        var partial = PhotoCount();
        Assert.InRange(partial, 3, 3 * LfwPhotos.Length + 2);
        var resumed = await IngestAsync(library);
        Assert.Equal("completed", resumed.Run.Status);
        Assert.Equal(3 * LfwPhotos.Length + 1, PhotoCount());

        // A clean, uninterrupted run of the same tree gives exactly the same faces per photo.
        using var clean = new TempDirectory();
        var cleanDb = Path.Combine(clean.Path, "clean.db");
        using (var store = SqliteFaceStore.Open(cleanDb))
        {
            await new IngestPipeline(store, _models, new IngestOptions()).RunAsync([library], prune: false);
        }

        Assert.Equal(FacesPerPhoto(cleanDb), FacesPerPhoto(DatabasePath));
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_VanishedFile_IsMarkedMissingAndPrunedOnRequest()
    {
        var library = MakeLibrary();
        await IngestAsync(library);
        File.Delete(Path.Combine(library, "lfw-3.jpg"));

        var marked = await IngestAsync(library);
        Assert.Equal(1, marked.Run.FilesMissing);
        using (var store = OpenStore())
        {
            Assert.Equal(1, store.GetStatus().PhotosMissing);
        }

        var pruned = await IngestAsync(library, prune: true);
        Assert.Equal(1, pruned.Pruned);
        using (var store = OpenStore())
        {
            Assert.Equal(0, store.GetStatus().PhotosMissing);
            Assert.DoesNotContain(store.ReadFaces("faceapi"), f => f.PhotoPath.EndsWith("lfw-3.jpg"));
        }
    }

    private string DatabasePath => _temp.File("library.db");

    private string MakeLibrary(int copies = 1)
    {
        var library = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(Path.Combine(library, "nested"));
        var n = 0;
        for (var c = 0; c < copies; c++)
        {
            foreach (var photo in LfwPhotos)
            {
                File.Copy(TestPaths.ResolveImage("lfw:" + photo), Path.Combine(library, $"lfw-{n++}.jpg"));
            }
        }

        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"), Path.Combine(library, "nested", "family.jpeg"));
        return library;
    }

    private SqliteFaceStore OpenStore() => SqliteFaceStore.Open(DatabasePath);

    private async Task<IngestSummary> IngestAsync(string library, bool prune = false) => (await IngestWithClockAsync(library, prune)).Summary;

    private async Task<(IngestSummary Summary, StageClock Clock)> IngestWithClockAsync(string library, bool prune = false)
    {
        using var store = OpenStore();
        var pipeline = new IngestPipeline(store, _models, new IngestOptions());
        var summary = await pipeline.RunAsync([library], prune);
        return (summary, pipeline.Clock);
    }

    private List<long> FaceIds()
    {
        using var store = OpenStore();
        return store.ReadFaces("faceapi").Select(f => f.Id).ToList();
    }

    private List<long> FaceIdsOf(string path)
    {
        using var store = OpenStore();
        return store.ReadFaces("faceapi").Where(f => f.PhotoPath == path).Select(f => f.Id).ToList();
    }

    private int PhotoCount()
    {
        using var store = OpenStore();
        return store.GetStatus().Photos;
    }

    private Dictionary<string, string> Errors()
    {
        using var store = OpenStore();
        return store.LoadPhotoIndex().Values.Where(p => p.Status == PhotoStatus.Failed)
            .ToDictionary(p => Path.GetFileName(p.Path), p => p.Error ?? "");
    }

    private static SortedDictionary<string, int> FacesPerPhoto(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.path, COUNT(f.id) FROM photos p LEFT JOIN faces f ON f.photo_id = p.id GROUP BY p.path";
        using var reader = command.ExecuteReader();
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetInt32(1);
        }

        return result;
    }
}
