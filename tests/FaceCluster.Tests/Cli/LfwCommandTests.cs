using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Lfw;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>The lfw command end to end on a small two-fold pairs file taken from the real pairs.txt.</summary>
[Collection(ModelsCollection.Name)]
public sealed class LfwCommandTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Lfw_SmallPairsFile_WritesJsonRocAndThresholdAndReusesTheCache()
    {
        var pairs = WriteMiniPairs();
        var json = _temp.File("out.json");
        var roc = _temp.File("roc.png");
        var db = _temp.File("lib.db");

        var (code, output, error) = await Run("--pairs", pairs, "--json", json, "--roc", roc, "--write-threshold", "--db", db);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("accuracy", output);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var root = doc.RootElement;
            foreach (var key in new[] { "accuracy", "accuracyStd", "valAtFar1e3", "far", "auc", "eer", "threshold", "pairs", "noFaceFallbacks", "profile" })
            {
                Assert.True(root.TryGetProperty(key, out _), $"missing {key}");
            }

            Assert.Equal(40, root.GetProperty("pairs").GetInt32());
            Assert.True(root.GetProperty("accuracy").GetDouble() >= 0.9);
            Assert.Equal(TestPaths.DefaultProfile, root.GetProperty("profile").GetString());
        }

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(roc)[..4]);
        Assert.Equal(401, File.ReadAllLines(Path.ChangeExtension(roc, ".csv")).Length);
        using (var store = SqliteFaceStore.Open(db))
        {
            Assert.NotNull(store.GetSetting(CalibratedThreshold.Key(TestPaths.DefaultProfile)));
        }

        var again = _temp.File("again.json");
        var (secondCode, _, _) = await Run("--pairs", pairs, "--json", again, "--db", db);
        Assert.Equal(ExitCodes.Success, secondCode);
        using var second = JsonDocument.Parse(File.ReadAllText(again));
        Assert.Equal(second.RootElement.GetProperty("images").GetInt32(), second.RootElement.GetProperty("cachedImages").GetInt32());
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Lfw_FusedProfile_ReportsEachEmbedderAlone_AndReweightsTheCache()
    {
        var pairs = WriteMiniPairs();
        var cache = _temp.File("cache.db");
        var fusedJson = _temp.File("fused.json");
        var firstOnlyJson = _temp.File("first.json");

        var (code, output, error) = await Run("--pairs", pairs, "--profile", "fused", "--cache", cache, "--json", fusedJson, "--db", _temp.File("lib.db"));
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("embedder alone", output);
        var (again, _, againError) = await Run("--pairs", pairs, "--profile", "fused", "--cache", cache, "--json", firstOnlyJson, "--weights", "1,0", "--db", _temp.File("lib.db"));
        Assert.True(again == ExitCodes.Success, againError);

        using var fused = JsonDocument.Parse(File.ReadAllText(fusedJson));
        var parts = fused.RootElement.GetProperty("parts").EnumerateArray().ToList();
        Assert.Equal(["faceapi", "human-faceres"], parts.Select(p => p.GetProperty("name").GetString()));
        using var firstOnly = JsonDocument.Parse(File.ReadAllText(firstOnlyJson));
        // Weight 0 on the second embedder leaves the first alone: the same distances, so the same protocol results.
        Assert.Equal(parts[0].GetProperty("auc").GetDouble(), firstOnly.RootElement.GetProperty("auc").GetDouble(), 6);
        Assert.Equal(parts[0].GetProperty("accuracy").GetDouble(), firstOnly.RootElement.GetProperty("accuracy").GetDouble(), 6);
        Assert.Equal(firstOnly.RootElement.GetProperty("images").GetInt32(), firstOnly.RootElement.GetProperty("cachedImages").GetInt32());
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Lfw_MalformedPairsLine_FailsNamingTheLine()
    {
        var pairs = _temp.File("bad.txt");
        File.WriteAllText(pairs, "1\t1\nAbel_Pacheco\t1\t4\nAbel_Pacheco\tone\tJohn_Doe\t2\n");

        var (code, _, error) = await Run("--pairs", pairs, "--db", _temp.File("x.db"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("line 3", error);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Lfw_PairsFileWithOneFold_IsAUsageError()
    {
        var pairs = _temp.File("one-fold.txt");
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Lfw, "pairs.txt"));
        File.WriteAllLines(pairs, ["1", lines[1], lines[301]]);

        var (code, _, error) = await Run("--pairs", pairs, "--db", _temp.File("x.db"));

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("needs at least 2", error);
    }

    private Task<(int, string, string)> Run(params string[] args)
    {
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        return CliRunner.RunAsync(["lfw", "--lfw-dir", TestPaths.LfwImages, "--config", config, .. args]);
    }

    /// <summary>Two folds of 10 same + 10 different pairs, copied line by line from the standard pairs.txt.</summary>
    private string WriteMiniPairs()
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Lfw, "pairs.txt"));
        var path = _temp.File("pairs.txt");
        File.WriteAllLines(path, ["2\t10", .. lines[1..11], .. lines[301..311], .. lines[601..611], .. lines[901..911]]);
        return path;
    }
}
