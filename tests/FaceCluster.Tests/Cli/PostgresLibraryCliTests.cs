using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Export;
using FaceCluster.Storage;
using FaceCluster.Storage.Postgres;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>The commands on a PostgreSQL library given as <c>--db</c>, with the real models and photos.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLibraryCliTests(PostgresServer server, InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task IngestGroupAndName_OnPostgres_FindTheSamePeopleAsOnSqlite()
    {
        var config = Config();
        var sqlite = _temp.File("lib.db");
        var postgres = server.CreateDatabase();
        foreach (var db in new[] { sqlite, postgres })
        {
            var (code, output, error) = await CliRunner.RunAsync("ingest", TestPaths.SamplePhotos, "--db", db, "--config", config);
            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("6 new", output);
            (code, _, error) = await CliRunner.RunAsync("group", "--db", db, "--config", config);
            Assert.True(code == ExitCodes.Success, error);
        }

        Assert.Equal(People(sqlite), People(postgres));
        Assert.NotEmpty(People(postgres));

        var person = Export(postgres).People[0].Id;
        var (nameCode, _, nameError) = await CliRunner.RunAsync("name", person.ToString(System.Globalization.CultureInfo.InvariantCulture), "Ada", "--db", postgres, "--config", config);
        Assert.True(nameCode == ExitCodes.Success, nameError);
        var (_, people, _) = await CliRunner.RunAsync("people", "--db", postgres, "--config", config);
        Assert.Contains("Ada", people);

        var (statusCode, json, _) = await CliRunner.RunAsync("status", "--db", postgres, "--json", "--config", config);
        Assert.Equal(ExitCodes.Success, statusCode);
        using var status = JsonDocument.Parse(json);
        Assert.StartsWith("postgresql://", status.RootElement.GetProperty("database").GetString());
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("group", "--db", postgres, "--config", config)).ExitCode);
        Assert.Equal("Ada", Export(postgres).People.Single(p => p.Id == person).Name);
    }

    [PostgresFact]
    public async Task Group_WhileAnotherRunHoldsTheAdvisoryLock_ExitsLocked_WhileIngestWorkersShareIt()
    {
        var db = server.CreateDatabase();
        using (LibraryStores.Open(LibraryLocation.Parse(db), mayCreate: true))
        {
        }

        using (PostgresAdvisoryLock.Acquire(db, "ingest", shared: true))
        using (PostgresAdvisoryLock.Acquire(db, "ingest", shared: true))
        {
            var (code, _, error) = await CliRunner.RunAsync("group", "--db", db, "--config", Config());
            Assert.Equal(ExitCodes.Locked, code);
            Assert.Contains($"facecluster ingest pid {Environment.ProcessId}", error);
        }

        using (PostgresAdvisoryLock.Acquire(db, "group", shared: false))
        {
            Assert.Throws<LibraryLockedException>(() => PostgresAdvisoryLock.Acquire(db, "ingest", shared: true));
            var (code, _, _) = await CliRunner.RunAsync("merge", "1", "2", "--db", db);
            Assert.Equal(ExitCodes.Locked, code);
        }

        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("merge", "1", "2", "--db", db)).ExitCode);
    }

    [PostgresFact]
    public async Task ReadingCommand_OnADatabaseWithoutALibrary_IsAUsageErrorAndCreatesNothing()
    {
        var db = server.CreateDatabase();

        var (code, _, error) = await CliRunner.RunAsync("status", "--db", db);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no FaceCluster library", error);
        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("status", "--db", db)).ExitCode);
    }

    private string Config()
    {
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        return config;
    }

    private static LibraryExport Export(string db)
    {
        using var store = LibraryStores.Open(LibraryLocation.Parse(db), mayCreate: false);
        return LibraryExport.Read(store, TestPaths.DefaultProfile);
    }

    /// <summary>Each person as the sorted photo paths and boxes of its faces (ids differ between libraries).</summary>
    private static List<string> People(string db) =>
        [.. Export(db).People.Select(p => string.Join(";", p.Faces.Select(f => $"{f.Path}@{string.Join(",", f.Box)}").Order())).Order()];
}
