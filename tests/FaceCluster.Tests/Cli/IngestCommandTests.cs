using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

[Collection(ModelsCollection.Name)]
public sealed class IngestCommandTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ingest_LibraryOfAnotherProfile_KeepsItsProfileUntilAskedWithProfile()
    {
        // Given a library made with the float profile (as every library was before faceapi-int8 became the default)
        var photos = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(photos, "a.jpg"));
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"), Path.Combine(photos, "b.jpg"));
        var db = _temp.File("lib.db");
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}", "Profile": "faceapi-int8" }""");
        var (made, _, madeError) = await CliRunner.RunAsync("ingest", photos, "--db", db, "--config", config, "--profile", "faceapi");
        Assert.True(made == ExitCodes.Success, madeError);
        var faces = Faces(db);

        // When the nightly ingest runs without --profile, and a reading command too
        var (code, output, error) = await CliRunner.RunAsync("ingest", photos, "--db", db, "--config", config);
        var (peopleCode, _, peopleError) = await CliRunner.RunAsync("people", "--db", db, "--config", config);

        // Then it keeps the library's profile, says so once, and embeds nothing again
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("ingest completed: 2 files seen, 0 new", output);
        Assert.Contains("embedded with profile 'faceapi', not the configured 'faceapi-int8': using 'faceapi'", error);
        Assert.Equal(faces, Faces(db));
        Assert.Equal((ExitCodes.Success, ""), (peopleCode, peopleError.Trim()));

        // And --profile moves it on purpose: every photo embedded again under the new profile
        var (moved, _, movedError) = await CliRunner.RunAsync("ingest", photos, "--db", db, "--config", config, "--profile", "faceapi-int8");
        Assert.True(moved == ExitCodes.Success, movedError);
        Assert.Equal(["faceapi-int8"], Faces(db).Keys);
    }

    private static Dictionary<string, int> Faces(string db)
    {
        using var store = FaceCluster.Storage.SqliteFaceStore.Open(db);
        return store.FaceProfiles().ToDictionary(p => p, store.CountFaces);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task IngestThenStatusJson_ReportsTheLibraryAndTheLastRun()
    {
        var photos = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(photos);
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(photos, "a.jpg"));
        File.Copy(TestPaths.ResolveImage("lfw:Adrien_Brody/Adrien_Brody_0001.jpg"), Path.Combine(photos, "b.jpg"));
        File.WriteAllBytes(Path.Combine(photos, "broken.jpg"), HostileFiles.CorruptJpeg(1));
        var db = _temp.File("lib.db");
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");

        var (code, output, error) = await CliRunner.RunAsync("ingest", photos, "--db", db, "--config", config);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("ingest completed: 3 files seen, 3 new", output);

        var (statusCode, json, _) = await CliRunner.RunAsync("status", "--db", db, "--json", "--config", config);
        Assert.Equal(ExitCodes.Success, statusCode);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(3, root.GetProperty("photos").GetInt32());
        Assert.Equal(1, root.GetProperty("photosFailed").GetInt32());
        Assert.True(root.GetProperty("faces").GetInt32() >= 4);
        Assert.Equal(TestPaths.DefaultProfile, root.GetProperty("profile").GetString());
        var run = root.GetProperty("lastRun");
        Assert.Equal(3, run.GetProperty("filesNew").GetInt32());
        Assert.Equal(1, run.GetProperty("filesFailed").GetInt32());
        Assert.True(run.GetProperty("seconds").GetDouble() > 0);
        Assert.True(run.GetProperty("stageSeconds").TryGetProperty("detect", out _));
    }

    [Fact]
    public async Task Ingest_MissingPath_IsAUsageError()
    {
        var (code, _, error) = await CliRunner.RunAsync("ingest", _temp.File("nope"), "--db", _temp.File("x.db"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no such file or folder", error);
    }

    [Fact]
    public async Task Status_WithoutDatabase_IsAUsageError()
    {
        var (code, _, error) = await CliRunner.RunAsync("status", "--db", _temp.File("none.db"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("no library database", error);
    }
}
