using System.Diagnostics;
using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Cli;

/// <summary>ingest → group → export on real photos, and the HTML gallery rendered by headless Chromium.</summary>
[Collection(ModelsCollection.Name)]
public sealed class ExportCommandTests(InstalledModels installed, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Export_AfterIngestAndGroup_WritesJsonCsvAndAGalleryChromiumRenders()
    {
        var library = Path.Combine(_temp.Path, "photos");
        foreach (var person in new[] { "Adrien_Brody", "Al_Gore", "Ai_Sugiyama" })
        {
            Directory.CreateDirectory(Path.Combine(library, person));
            foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.LfwImages, person)).Order(StringComparer.Ordinal).Take(4))
            {
                File.Copy(file, Path.Combine(library, person, Path.GetFileName(file)));
            }
        }

        var db = _temp.File("lib.db");
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("ingest", library, "--db", db, "--config", config)).ExitCode);
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("group", "--db", db, "--config", config)).ExitCode);
        var people = await CliRunner.RunAsync("people", "--db", db, "--config", config);
        var firstPerson = people.Output.Split('\n').Select(l => l.Split('│', StringSplitOptions.TrimEntries)).First(c => c.Length > 2 && long.TryParse(c[1], out _))[1];
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("name", firstPerson, "Test Person", "--db", db, "--config", config)).ExitCode);

        var json = _temp.File("people.json");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "json", "--out", json, "--db", db, "--config", config)).ExitCode);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
        {
            var exported = doc.RootElement.GetProperty("people");
            Assert.Equal(3, exported.GetArrayLength());
            Assert.Contains(exported.EnumerateArray(), p => p.GetProperty("name").GetString() == "Test Person");
            var face = exported[0].GetProperty("faces")[0];
            Assert.Equal(4, face.GetProperty("box").GetArrayLength());
            Assert.True(File.Exists(face.GetProperty("path").GetString()));
            Assert.True(face.GetProperty("faceId").GetInt64() > 0);
            Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("unassigned").ValueKind);
        }

        var csv = _temp.File("people.csv");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "csv", "--out", csv, "--db", db, "--config", config)).ExitCode);
        Assert.Equal("faceId,personId,name,path,x,y,width,height,score", File.ReadLines(csv).First());
        Assert.Equal(13, File.ReadAllLines(csv).Length);

        var html = _temp.File("gallery.html");
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("export", "--format", "html", "--out", html, "--db", db, "--config", config)).ExitCode);
        var page = File.ReadAllText(html);
        Assert.Equal(3, CountOf(page, "<section"));
        Assert.Equal(12, CountOf(page, "<img "));
        Assert.Contains("Test Person", page);
        Assert.DoesNotContain("http", page);

        var screenshot = Screenshot(html);
        output.WriteLine($"screenshot {screenshot}: {new FileInfo(screenshot).Length} bytes");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "a gallery with twelve photo thumbnails is more than a blank page");
    }

    private static int CountOf(string text, string fragment) => (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;

    /// <summary>Headless Chromium (Debian's chromium package, installed by test.sh) renders the page from disk.</summary>
    private string Screenshot(string html)
    {
        var png = _temp.File("gallery.png");
        var start = new ProcessStartInfo("chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={_temp.File("chromium-profile")}",
            $"--screenshot={png}", "--window-size=1100,900", new Uri(html).AbsoluteUri,
        ])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(90)), "chromium did not finish");
        Assert.True(File.Exists(png), $"chromium wrote no screenshot: {stderr.Result}");
        var keep = Path.Combine(Path.GetTempPath(), "facecluster-gallery.png");
        File.Copy(png, keep, overwrite: true);
        return keep;
    }
}
