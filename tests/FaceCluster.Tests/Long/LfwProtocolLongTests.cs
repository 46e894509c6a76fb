using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Long;

/// <summary>Opt-in (Category=Long): the full 6,000-pair protocol; 10–20 minutes cold on two cores (the profile embeds 10 jittered views per face), seconds cached.</summary>
[Collection(ModelsCollection.Name)]
[Trait("Category", "Long")]
public sealed class LfwProtocolLongTests(InstalledModels installed, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FaceApiProfile_OnFullLfw_ReachesPublishedAccuracy(bool flip)
    {
        var report = await RunAsync("faceapi", flip, []);

        Assert.True(report.GetProperty("accuracy").GetDouble() >= 0.99);
        Assert.True(report.GetProperty("auc").GetDouble() >= 0.998);
        Assert.True(report.GetProperty("eer").GetDouble() <= 0.01);
    }

    [Fact]
    public async Task MobileFaceNetProfile_OnFullLfw_RunsTheSameProtocol()
    {
        var report = await RunAsync("mobilefacenet", false, [$"\"Profiles\": {{ \"mobilefacenet\": {{ \"Embedder\": {{ \"Model\": \"{Path.Combine(TestPaths.SharedModels, "mobilefacenet.onnx")}\" }} }} }}"]);

        Assert.True(report.GetProperty("accuracy").GetDouble() > 0.9, "a working embedder is far above chance");
    }

    private async Task<JsonElement> RunAsync(string profile, bool flip, string[] extraConfig)
    {
        using var temp = new TempDirectory();
        var config = temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}"{{string.Concat(extraConfig.Select(e => ", " + e))}} }""");
        var json = temp.File("out.json");
        var cache = Path.Combine(Path.GetTempPath(), "facecluster-lfw-cache.db");
        string[] args = ["lfw", "--lfw-dir", TestPaths.LfwImages, "--pairs", Path.Combine(TestPaths.Lfw, "pairs.txt"), "--profile", profile,
            "--config", config, "--json", json, "--cache", cache, "--db", temp.File("lib.db"), .. flip ? new[] { "--flip" } : []];
        var (code, stdout, error) = await CliRunner.RunAsync(args);
        output.WriteLine(stdout);
        Assert.True(code == ExitCodes.Success, error);
        output.WriteLine(File.ReadAllText(json));
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
    }
}
