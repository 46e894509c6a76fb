using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Scanning;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// The store stage against a real library whose photo inserts fail (a trigger raising an error, as a full or broken
/// database does): the first failure is what surfaces, never a later commit's failure in its place.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class StoreStageTests(InstalledModels installed) : IDisposable
{
    private const string Refusal = "photo rows refused by the test trigger";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Run_CommitFailsAndTheLastCommitFailsAgain_ReportsTheFirstFailureFirst()
    {
        // Given a library that refuses every photo, and a stage that commits after each photo
        using var store = RefusingStore();
        var input = Channel.CreateUnbounded<PhotoWork>();
        await input.Writer.WriteAsync(Finished("a.jpg"));
        input.Writer.Complete();
        var stage = new StoreStage(store, store.BeginRun(new RunRecord { Kind = "ingest", Profile = "faceapi" }), new IngestOptions { StoreBatch = 1 }, new IngestCounters(), new StageClock());

        // When the commit fails, and the commit of what is left on the way out fails again
        var error = await Assert.ThrowsAsync<AggregateException>(() => stage.RunAsync(input.Reader, CancellationToken.None));

        // Then both failures are reported, the first one first
        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, e => Assert.Contains(Refusal, Assert.IsType<SqliteException>(e).Message));
        Assert.NotSame(error.InnerExceptions[0], error.InnerExceptions[1]);
    }

    [Fact]
    public async Task Run_UpstreamStageFaultedThenTheLastCommitFails_KeepsTheUpstreamFault()
    {
        // Given a finished photo waiting for its commit when the stage before faults
        using var store = RefusingStore();
        var input = Channel.CreateUnbounded<PhotoWork>();
        await input.Writer.WriteAsync(Finished("a.jpg"));
        var upstream = new InvalidOperationException("the embed stage failed");
        input.Writer.Complete(upstream);
        var stage = new StoreStage(store, store.BeginRun(new RunRecord { Kind = "ingest", Profile = "faceapi" }), new IngestOptions(), new IngestCounters(), new StageClock());

        // When the stage commits what finished and that commit fails too
        var error = await Assert.ThrowsAsync<AggregateException>(() => stage.RunAsync(input.Reader, CancellationToken.None));

        // Then the upstream fault is the first failure, the commit's second
        Assert.Same(upstream, error.InnerExceptions[0]);
        Assert.Contains(Refusal, Assert.IsType<SqliteException>(error.InnerExceptions[1]).Message);
    }

    [Fact]
    public async Task Ingest_LibraryRefusesEveryCommit_FailsWithTheFirstCommitError()
    {
        // Given a library that refuses every photo
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = RefusingStore();
        var photos = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(photos, "a.jpg"));

        // When a run stores its first photo
        var run = new IngestPipeline(store, models, new IngestOptions { StoreBatch = 1 }).RunAsync([photos], prune: false);

        // Then it fails with the database's own error (not a wrapper of the retried commit's) and records the run as failed
        var error = await Assert.ThrowsAsync<SqliteException>(() => run);
        Assert.Contains(Refusal, error.Message);
        Assert.Equal("failed", store.LastRun("ingest")!.Status);
    }

    private SqliteFaceStore RefusingStore()
    {
        var database = _temp.File("library.db");
        var store = SqliteFaceStore.Open(database);
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER refuse BEFORE INSERT ON photos BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;";
        command.ExecuteNonQuery();
        return store;
    }

    private PhotoWork Finished(string name)
    {
        var path = _temp.File(name);
        return new PhotoWork(new ScannedFile(path, 1, 1, null))
        {
            Outcome = new PhotoOutcome(path, 1, 1, "hash", 10, 10, PhotoStatus.Ok, null, "faceapi", []),
        };
    }
}
