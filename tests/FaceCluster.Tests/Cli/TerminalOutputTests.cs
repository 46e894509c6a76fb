using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// Names and file names come from users and photo folders: printed for a person they must never reach the terminal
/// as escape sequences (window titles, colours, cursor moves) or bidi overrides.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class TerminalOutputTests(InstalledModels installed) : IDisposable
{
    private const string HostileName = "\u001b]0;pwned\u0007X\u001b[31mred";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task PeopleAndSearch_HostileNameAndFileName_AreShownEscaped()
    {
        var photos = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(photos);
        var hostileFile = Path.Combine(photos, "party\u001b[2J\u202egpj.jpg");
        File.Copy(TestPaths.ResolveImage("lfw:Adrien_Brody/Adrien_Brody_0001.jpg"), hostileFile);
        var db = _temp.File("lib.db");
        var config = Config();
        var ingest = await CliRunner.RunAsync("ingest", photos, "--db", db, "--config", config);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Error);
        var person = GroupEveryFace(db);

        var name = await CliRunner.RunAsync("name", person.ToString(), HostileName, "--db", db, "--config", config);
        var people = await CliRunner.RunAsync("people", "--db", db, "--config", config);
        var search = await CliRunner.RunAsync("search", hostileFile, "--db", db, "--config", config);

        foreach (var (code, output, error) in new[] { name, people, search })
        {
            Assert.True(code == ExitCodes.Success, error);
            AssertTerminalSafe(output);
        }

        Assert.Contains("\\u001b]0;pwned\\u0007X\\u001b[31mred", name.Output);
        Assert.Contains("\\u001b]0;pwned\\u0007X\\u001b[31mred", people.Output);
        Assert.Contains("\\u001b[2J\\u202egpj.jpg", people.Output);
        Assert.Contains($"person {person} (\\u001b]0;pwned\\u0007X\\u001b[31mred)", search.Output);
        Assert.Contains("party\\u001b[2J\\u202egpj.jpg", search.Output);

        // The name itself is stored exactly, and JSON output stays exact JSON.
        var json = await CliRunner.RunAsync("search", hostileFile, "--json", "--db", db, "--config", config);
        AssertTerminalSafe(json.Output);
        using var doc = JsonDocument.Parse(json.Output);
        var nearest = doc.RootElement[0].GetProperty("neighbours")[0];
        Assert.Equal(HostileName, nearest.GetProperty("name").GetString());
        Assert.Equal(hostileFile, nearest.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Search_PhotoWithoutAFace_SaysSo()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var grey = GreyPng("grey.png");

        var (code, output, error) = await CliRunner.RunAsync("search", grey, "--db", library.Database, "--config", Config());
        var (jsonCode, json, jsonError) = await CliRunner.RunAsync("search", grey, "--json", "--db", library.Database, "--config", Config());

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal($"no face found in {grey}", output.Trim());
        Assert.True(jsonCode == ExitCodes.Success, jsonError);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.ValueKind);
        Assert.Equal(0, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Search_HostileFileNameWithoutAFace_IsShownEscaped()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var grey = GreyPng("grey\u001b]0;pwned\u0007.png");

        var (code, output, error) = await CliRunner.RunAsync("search", grey, "--db", library.Database, "--config", Config());

        Assert.True(code == ExitCodes.Success, error);
        AssertTerminalSafe(output);
        Assert.Contains("grey\\u001b]0;pwned\\u0007.png", output);
    }

    private static void AssertTerminalSafe(string output)
    {
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202e', output);
    }

    /// <summary>Puts every stored face into one person, as 'group' would for photos of one man, without depending on the threshold.</summary>
    private static long GroupEveryFace(string db)
    {
        using var store = SqliteFaceStore.Open(db);
        var faces = store.ReadFaces(TestPaths.DefaultProfile).Select(f => f.Id).ToList();
        Assert.NotEmpty(faces);
        return store.ApplyGrouping(TestPaths.DefaultProfile, [new PersonAssignment(null, faces)])[0];
    }

    private string GreyPng(string name)
    {
        var path = _temp.File(name);
        using var image = new Image<Rgb24>(320, 240, new Rgb24(128, 128, 128));
        image.SaveAsPng(path);
        return path;
    }

    private string Config()
    {
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        return config;
    }
}
