using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

[Collection(ModelsCollection.Name)]
public sealed class IngestCommandTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

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
        Assert.Equal("faceapi", root.GetProperty("profile").GetString());
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
