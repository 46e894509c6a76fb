using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Nightly;

/// <summary>A 'group' killed with SIGKILL (no finally runs) leaves no run marked running once the next command has started.</summary>
public sealed class KilledGroupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Group_KilledWhileRunning_NextGroupMarksItInterruptedAndFinishes()
    {
        // Given a library of 20,000 faces grouped through a single-threaded HNSW build (seconds of work to be killed in)
        var db = _temp.File("lib.db");
        using (var store = SqliteFaceStore.Open(db))
        {
            store.SaveOutcomes(Enumerable.Range(0, 200).Select(p => StoreTestData.Photo($"/p/{p}.jpg", 100, seed: p)).ToList(), runId: 1);
        }

        var config = _temp.File("config.json");
        File.WriteAllText(config, """{ "Grouping": { "ExactSearchLimit": 0, "Hnsw": { "Threads": 1 } } }""");

        // When a group is killed once its run is recorded as running
        using (var process = ChildCli.Start("group", "--db", db, "--config", config))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (RunStatuses(db).All(s => s != "running") && !process.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.False(process.HasExited, "group finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        Assert.Equal(["running"], RunStatuses(db));

        // Then the next group takes over, records the dead run as interrupted and completes its own
        Assert.Equal(ExitCodes.Success, ChildCli.Run("group", "--db", db, "--config", config));
        Assert.Equal(["interrupted", "completed"], RunStatuses(db));
    }

    private static List<string> RunStatuses(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM runs WHERE kind = 'group' ORDER BY id";
        using var reader = command.ExecuteReader();
        var statuses = new List<string>();
        while (reader.Read())
        {
            statuses.Add(reader.GetString(0));
        }

        return statuses;
    }
}
