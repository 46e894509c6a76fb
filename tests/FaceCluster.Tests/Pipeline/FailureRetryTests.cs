using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Scanning;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// A photo that failed because of the pipeline (detection, landmarks, alignment, embedding) is retried on the next run;
/// one that failed because of the file itself stays skipped until the file changes.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class FailureRetryTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingest_PhotoThatFailedInDetection_IsProcessedOnTheNextRun()
    {
        // Given a photo the detect stage recorded as failed (its model session broke), the file untouched since
        var (library, photo) = Library();
        using var store = SqliteFaceStore.Open(_temp.File("retry.db"));
        Record(store, photo, work => Outcomes.Failed(work, "faceapi", "face detection failed: the session is broken"));

        // When ingest runs again
        var run = await IngestAsync(store, library);

        // Then the photo is processed and its faces stored
        Assert.Equal("completed", run.Status);
        Assert.Equal(0, run.FilesUnchanged);
        var record = store.LoadPhotoIndex()[photo];
        Assert.Equal(PhotoStatus.Ok, record.Status);
        Assert.Null(record.Error);
        Assert.NotEmpty(store.ReadFaces("faceapi"));
    }

    [Fact]
    public async Task Ingest_PhotoFoundBad_StaysSkippedUntilTheFileChanges()
    {
        // Given a photo recorded as a bad file, the file untouched since
        var (library, photo) = Library();
        using var store = SqliteFaceStore.Open(_temp.File("bad.db"));
        Record(store, photo, work => Outcomes.BadFile(work, "faceapi", "corrupt image: recorded by an earlier run"));

        // When ingest runs again, the file is not even read
        var run = await IngestAsync(store, library);

        Assert.Equal(1, run.FilesUnchanged);
        var record = store.LoadPhotoIndex()[photo];
        Assert.Equal(PhotoStatus.Failed, record.Status);
        Assert.Equal("corrupt image: recorded by an earlier run", record.Error);
    }

    private (string Library, string Photo) Library()
    {
        var library = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(library);
        var photo = Path.Combine(library, "photo.jpg");
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), photo);
        return (library, photo);
    }

    /// <summary>Stores the outcome a stage gives the photo, keyed by size and mtime exactly as a run stores them.</summary>
    private static void Record(SqliteFaceStore store, string photo, Func<PhotoWork, PhotoWork> outcome)
    {
        var info = new FileInfo(photo);
        var file = new ScannedFile(photo, info.Length, info.LastWriteTimeUtc.Ticks / TimeSpan.TicksPerMillisecond, null);
        var runId = store.BeginRun(new RunRecord { Kind = "ingest", StartedAt = DateTimeOffset.UtcNow, Version = "test", Profile = "faceapi" });
        store.SaveOutcomes([outcome(new PhotoWork(file) { ContentHash = "0" }).Outcome!], runId);
    }

    private async Task<RunRecord> IngestAsync(SqliteFaceStore store, string library)
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        return (await new IngestPipeline(store, models, new IngestOptions()).RunAsync([library], prune: false)).Run;
    }
}
