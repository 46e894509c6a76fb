using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Cli;

/// <summary><c>group</c> on real library files whose people the user has corrected, and whose writes can fail.</summary>
public sealed class GroupCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Group_UnnamedMergeTargetThatLostAllItsFaces_IsForgottenAndLaterRunsSucceed()
    {
        // Given an unnamed person that another was merged into, whose photos were then re-done (new faces, new ids)
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using (var store = SqliteFaceStore.Open(library.Database))
        {
            store.MergePeople(library.First, library.Second);
            var photos = store.ReadFaces("faceapi").Select(f => f.PhotoPath).Distinct().ToList();
            store.SaveOutcomes(photos.Select((p, i) => StoreTestData.Photo(p, 2, seed: 10 + i)).ToList(), runId: 2);
        }

        // When 'group' runs, twice
        var first = await CliRunner.RunAsync("group", "--db", library.Database);
        var second = await CliRunner.RunAsync("group", "--db", library.Database);

        // Then both succeed, the faceless merge target and the person merged into it are gone, and every reference holds
        Assert.True(first.ExitCode == ExitCodes.Success, first.Output + first.Error);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Output + second.Error);
        using var after = SqliteFaceStore.Open(library.Database);
        var people = after.LoadPeople("faceapi").Select(p => p.Id).ToList();
        Assert.DoesNotContain(library.First, people);
        Assert.DoesNotContain(library.Second, people);
        Assert.Empty(after.CheckReferences());
    }

    [Fact]
    public async Task Group_MergeTargetThatKeepsItsFaces_StaysWithItsMerge()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using (var store = SqliteFaceStore.Open(library.Database))
        {
            store.MergePeople(library.First, library.Second);
        }

        var result = await CliRunner.RunAsync("group", "--db", library.Database);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Output + result.Error);
        Assert.Equal(4, library.Person(library.First).FaceCount);
        Assert.Equal(library.First, library.Person(library.Second).MergedInto);
    }

    [Fact]
    public async Task Group_FailingMidway_EndsItsRunAsFailed()
    {
        // Given a library whose face updates fail (a real SQLite trigger, as a full disk or a damaged page would)
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        Execute(library.Database, "CREATE TRIGGER refuse BEFORE UPDATE OF person_id ON faces BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");

        // When 'group --full' fails (its random embeddings link no two faces, so every face's person changes and is written)
        var result = await CliRunner.RunAsync("group", "--full", "--db", library.Database);

        // Then it says so, and its run is recorded as failed, not left running
        Assert.NotEqual(ExitCodes.Success, result.ExitCode);
        Assert.Contains("refused by test", result.Output + result.Error);
        using var store = SqliteFaceStore.Open(library.Database);
        Assert.Empty(store.UnfinishedRuns());
        Assert.Equal("failed", store.LastRun("group")!.Status);
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
