using System.Security.Cryptography;
using FaceCluster.Cli;
using FaceCluster.Configuration;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Storage;

/// <summary>A library is recognised by PRAGMA application_id before anything is written; other files are left alone.</summary>
public sealed class LibraryIdentityTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_NewPath_StampsTheApplicationId()
    {
        var path = _temp.File("new.db");
        using (SqliteFaceStore.Open(path))
        {
        }

        Assert.Equal(SqliteFaceStore.ApplicationId, Pragma(path, "application_id"));
        using var again = SqliteFaceStore.Open(path);
        Assert.Equal(SqliteFaceStore.CurrentSchemaVersion, again.SchemaVersion);
    }

    public static TheoryData<string, string> ForeignDatabases => new()
    {
        { "unrelated tables", "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);" },
        { "another application id", SqliteFaceStore.Migrations[0] + "; PRAGMA user_version = 1; PRAGMA application_id = 1234;" },
        { "our table names, other columns", "CREATE TABLE photos (id INTEGER PRIMARY KEY, uuid TEXT); CREATE TABLE faces (id INTEGER PRIMARY KEY); CREATE TABLE runs (id INTEGER PRIMARY KEY); CREATE TABLE settings (key TEXT); PRAGMA user_version = 1;" },
        { "our schema plus another program's table", SqliteFaceStore.Migrations[0] + "; CREATE TABLE albums (id INTEGER PRIMARY KEY); PRAGMA user_version = 1;" },
        { "no tables but a user version", "PRAGMA user_version = 7;" },
    };

    [Theory]
    [MemberData(nameof(ForeignDatabases))]
    public async Task Open_AnotherProgramsDatabase_IsRefusedAndLeftByteForByteUnchanged(string kind, string sql)
    {
        var path = _temp.File("other.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        var before = Hash(path);

        var error = Assert.Throws<ConfigurationException>(() => SqliteFaceStore.Open(path));
        Assert.Contains("not a FaceCluster library", error.Message);
        var status = await CliRunner.RunAsync("status", "--db", path);
        Assert.Equal(ExitCodes.Usage, status.ExitCode);
        Assert.Contains("not a FaceCluster library", status.Error);
        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("doctor", "--db", path)).ExitCode);

        Assert.True(before == Hash(path), $"{kind}: the file changed");
        Assert.False(File.Exists(path + "-wal"), $"{kind}: a WAL file appeared");
        Assert.False(File.Exists(path + "-shm"), $"{kind}: a shared-memory file appeared");
        Assert.False(File.Exists(path + "-journal"), $"{kind}: a journal appeared");
    }

    [Fact]
    public async Task Open_AFileThatIsNotSqlite_IsRefusedUnchanged()
    {
        var path = _temp.File("notes.db");
        File.WriteAllText(path, "shopping list: milk, eggs\n");

        Assert.Throws<ConfigurationException>(() => SqliteFaceStore.Open(path));
        var status = await CliRunner.RunAsync("status", "--db", path);

        Assert.Equal(ExitCodes.Usage, status.ExitCode);
        Assert.Contains("not an SQLite database", status.Error);
        Assert.Equal("shopping list: milk, eggs\n", File.ReadAllText(path));
        Assert.False(File.Exists(path + "-wal"));
    }

    [Fact]
    public void Open_EmptyFile_BecomesALibrary()
    {
        var path = _temp.File("empty.db");
        File.WriteAllBytes(path, []);

        using (SqliteFaceStore.Open(path))
        {
        }

        Assert.Equal(SqliteFaceStore.ApplicationId, Pragma(path, "application_id"));
    }

    internal static long Pragma(string path, string pragma)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return (long)command.ExecuteScalar()!;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
