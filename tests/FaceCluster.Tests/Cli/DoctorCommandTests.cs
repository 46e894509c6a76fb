using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Cli;

/// <summary><c>doctor</c> on real library files: a damaged index page, and repairs that are reported only when made.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Doctor_CorruptedIndexPage_IsReportedThenRepairedByFix()
    {
        var db = _temp.File("lib.db");
        CreateLibrary(db, photos: 10, withFiles: true);
        CorruptIndexPage(db, "faces_photo");

        var examined = await CliRunner.RunAsync("doctor", "--db", db);
        Assert.True(examined.ExitCode == ExitCodes.ProblemsFound, examined.Output + examined.Error);
        Assert.Contains("PROBLEM  integrity: ", examined.Output);
        Assert.Contains("(index faces_photo)", examined.Output);

        var repaired = await CliRunner.RunAsync("doctor", "--db", db, "--fix");
        Assert.True(repaired.ExitCode == ExitCodes.Success, repaired.Output + repaired.Error);
        Assert.Contains("fixed    integrity: ", repaired.Output);
        Assert.Contains("(indexes rebuilt)", repaired.Output);
        Assert.DoesNotContain("PROBLEM", repaired.Output);

        var after = await CliRunner.RunAsync("doctor", "--db", db);
        Assert.Equal(ExitCodes.Success, after.ExitCode);
        Assert.Contains("library is healthy", after.Output);
        using var store = SqliteFaceStore.Open(db);
        Assert.Equal(30, store.CountFaces("faceapi"));
    }

    [Fact]
    public async Task Doctor_VectorChangedUnderAnIndexedFaceId_IsReportedThenRebuiltByFix()
    {
        // Given a library grouped through its saved HNSW index
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var config = _temp.File("config.json");
        File.WriteAllText(config, """{ "Grouping": { "ExactSearchLimit": 0, "Hnsw": { "Threads": 1 } } }""");
        var grouped = await CliRunner.RunAsync("group", "--db", library.Database, "--config", config);
        Assert.True(grouped.ExitCode == ExitCodes.Success, grouped.Output + grouped.Error);
        Assert.Contains("HNSW index built", grouped.Output);

        // When a face keeps its id but not its vector (as a face id reused before schema 3 did)
        using (var store = SqliteFaceStore.Open(library.Database))
        using (var update = store.Connection.CreateCommand())
        {
            update.CommandText = "UPDATE faces SET embedding = $e WHERE id = $id";
            update.Parameters.AddWithValue("$e", BlobCodec.Encode(StoreTestData.Face(99).Embedding));
            update.Parameters.AddWithValue("$id", library.Faces[0]);
            update.ExecuteNonQuery();
        }

        // Then doctor sees the index no longer matches, and --fix rebuilds it
        var examined = await CliRunner.RunAsync("doctor", "--db", library.Database, "--config", config);
        Assert.True(examined.ExitCode == ExitCodes.ProblemsFound, examined.Output + examined.Error);
        Assert.Contains("PROBLEM  index: ", examined.Output);
        var repaired = await CliRunner.RunAsync("doctor", "--db", library.Database, "--config", config, "--fix");
        Assert.True(repaired.ExitCode == ExitCodes.Success, repaired.Output + repaired.Error);
        Assert.Contains("fixed    index: ", repaired.Output);
        Assert.Contains("library is healthy", (await CliRunner.RunAsync("doctor", "--db", library.Database, "--config", config)).Output);
    }

    [Fact]
    public async Task DoctorFix_MissingPhotosItCouldNotMark_AreNotReportedFixed()
    {
        var db = _temp.File("lib.db");
        CreateLibrary(db, photos: 2, withFiles: false);
        // A real SQLite trigger makes the update of one photo change nothing, as a write the doctor cannot make would.
        Execute(db, $"CREATE TRIGGER keep BEFORE UPDATE OF status ON photos WHEN OLD.path = '{PhotoPath(1)}' BEGIN SELECT RAISE(IGNORE); END;");

        var partly = await CliRunner.RunAsync("doctor", "--db", db, "--fix");
        Assert.True(partly.ExitCode == ExitCodes.ProblemsFound, partly.Output + partly.Error);
        Assert.Contains("PROBLEM  missing photos: 2 photos are gone from disk", partly.Output);
        Assert.Contains("1 marked missing", partly.Output);

        Execute(db, "DROP TRIGGER keep");
        var rest = await CliRunner.RunAsync("doctor", "--db", db, "--fix");
        Assert.True(rest.ExitCode == ExitCodes.Success, rest.Output + rest.Error);
        Assert.Contains("fixed    missing photos: 1 photos are gone from disk", rest.Output);
        Assert.Contains("library is healthy", (await CliRunner.RunAsync("doctor", "--db", db)).Output);
    }

    [Fact]
    public async Task DoctorFix_UnfinishedRunItCouldNotEnd_IsNotReportedFixed()
    {
        var db = _temp.File("lib.db");
        CreateLibrary(db, photos: 1, withFiles: true);
        using (var store = SqliteFaceStore.Open(db))
        {
            store.BeginRun(new RunRecord { Kind = "ingest", StartedAt = DateTimeOffset.UtcNow, Version = "test", Profile = "faceapi" });
        }

        // A real SQLite trigger makes the update of the run change nothing, as a write the doctor cannot make would.
        Execute(db, "CREATE TRIGGER keep BEFORE UPDATE ON runs BEGIN SELECT RAISE(IGNORE); END;");
        var blocked = await CliRunner.RunAsync("doctor", "--db", db, "--fix");
        Assert.True(blocked.ExitCode == ExitCodes.ProblemsFound, blocked.Output + blocked.Error);
        Assert.Contains("PROBLEM  unfinished runs", blocked.Output);

        Execute(db, "DROP TRIGGER keep");
        var fixedRun = await CliRunner.RunAsync("doctor", "--db", db, "--fix");
        Assert.True(fixedRun.ExitCode == ExitCodes.Success, fixedRun.Output + fixedRun.Error);
        Assert.Contains("fixed    unfinished runs", fixedRun.Output);
        Assert.Contains("library is healthy", (await CliRunner.RunAsync("doctor", "--db", db)).Output);
    }

    private string PhotoPath(int i) => _temp.File($"photo{i}.jpg");

    /// <summary>A library of <paramref name="photos"/> photos with three faces each, written and closed (WAL checkpointed).</summary>
    private void CreateLibrary(string db, int photos, bool withFiles)
    {
        using var store = SqliteFaceStore.Open(db);
        store.SaveOutcomes(Enumerable.Range(0, photos).Select(i => StoreTestData.Photo(PhotoPath(i), 3, seed: i)).ToList(), runId: 1);
        for (var i = 0; withFiles && i < photos; i++)
        {
            File.WriteAllText(PhotoPath(i), "a photo");
        }

        store.Checkpoint();
    }

    /// <summary>Overwrites the cell area at the end of the index's root page: the index entries, not the table rows.</summary>
    private static void CorruptIndexPage(string db, string index)
    {
        long root, pageSize;
        using (var connection = new SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = $name";
            command.Parameters.AddWithValue("$name", index);
            root = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;
        }

        Assert.False(File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0, "the WAL must be checkpointed into the file");
        using var file = new FileStream(db, FileMode.Open, FileAccess.ReadWrite);
        file.Position = root * pageSize - 16;
        file.Write(Enumerable.Repeat((byte)0x7F, 16).ToArray());
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
