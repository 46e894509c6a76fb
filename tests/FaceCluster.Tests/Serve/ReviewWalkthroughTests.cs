using System.Collections.Immutable;
using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FaceCluster.Tests.Serve;

/// <summary>
/// The whole review in a real browser against a library made by real ingest + group of the sample photos: name a
/// cluster, reject a face, approve and deny merge suggestions, undo; then the CLI shows exactly those changes and the
/// next 'group' keeps them. Set FACECLUSTER_SCREENSHOTS to a folder to keep the screenshots (docs/screenshots).
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ReviewWalkthroughTests(InstalledModels installed) : IDisposable
{
    private const string Alice = "Alice Example";
    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 60_000 };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task NameRejectApproveDenyUndo_TheCliShowsExactlyThoseChanges_AndGroupKeepsThem()
    {
        var db = _temp.File("lib.db");
        var config = _temp.File("config.json");
        // A looser threshold than the default, so the six sample photos give several people and merge suggestions.
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}", "Profiles": { "{{TestPaths.DefaultProfile}}": { "Threshold": 0.2 } } }""");
        await Cli("ingest", TestPaths.SamplePhotos, "--db", db, "--config", config);
        await Cli("group", "--db", db, "--config", config);
        var before = await Export(db, config);
        var shots = Environment.GetEnvironmentVariable("FACECLUSTER_SCREENSHOTS") ?? _temp.Path;

        using var server = ReviewServerProcess.Start(db, "--config", config);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await (await chromium.NewContextAsync()).NewPageAsync();
        string Url(string path) => new Uri(server.BaseAddress, path).ToString();

        await page.GotoAsync(server.StartAddress.ToString());
        await Expect(page.Locator("a.person")).ToHaveCountAsync(before.People.Count, Patient);
        await Screenshot(page, shots, "people");

        // Name the largest unnamed cluster in the review queue.
        await page.GotoAsync(Url("/review"));
        var cluster = page.Locator(".cluster").First;
        var alice = long.Parse((await cluster.Locator("a.person").GetAttributeAsync("href"))!["/person/".Length..]);
        await Expect(page.Locator(".loose")).ToHaveCountAsync(before.Unassigned.Count, Patient);
        await Screenshot(page, shots, "review");
        await cluster.Locator("input[name=name]").FillAsync(Alice);
        await cluster.GetByRole(AriaRole.Button, new() { Name = "Name" }).ClickAsync();
        await Expect(page.Locator($".cluster a[href='/person/{alice}']")).ToHaveCountAsync(0, Patient);

        // Reject one of her faces.
        await page.GotoAsync(Url($"/person/{alice}"));
        var tick = page.Locator("input[name=face]").Last;
        var rejected = long.Parse((await tick.GetAttributeAsync("value"))!);
        await tick.CheckAsync();
        await Screenshot(page, shots, "person");
        await page.GetByRole(AriaRole.Button, new() { Name = "Not this person" }).ClickAsync();
        await Expect(page.Locator($"input[name=face][value='{rejected}']")).ToHaveCountAsync(0, Patient);

        // Approve the best merge suggestion, deny the next.
        await page.GotoAsync(Url("/suggestions"));
        await Screenshot(page, shots, "suggestions");
        var (keep, merged) = await Pair(page.Locator(".suggestion").First);
        await page.Locator(".suggestion").First.GetByRole(AriaRole.Button, new() { Name = "Same person: merge" }).ClickAsync();
        await Expect(page.Locator($".suggestion a[href='/person/{merged}']")).ToHaveCountAsync(0, Patient);
        var denied = await Pair(page.Locator(".suggestion").First);
        await page.Locator(".suggestion").First.GetByRole(AriaRole.Button, new() { Name = "Different people" }).ClickAsync();
        await Expect(page.Locator(PairSelector(denied))).ToHaveCountAsync(0, Patient);

        // Undo the denial.
        await page.GotoAsync(Url("/history"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Undo: .*different people") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Undo: merged") })).ToHaveCountAsync(1, Patient);
        await Screenshot(page, shots, "history");

        // The CLI sees exactly those changes: the name, the rejection, the merge, and no denial.
        var expected = before.People.ToDictionary(p => p.Key, p => p.Value);
        expected[alice] = (Alice, expected[alice].Faces.Remove(rejected));
        expected[keep] = (expected[keep].Name, expected[keep].Faces.Union(expected[merged].Faces));
        expected.Remove(merged);
        var after = await Export(db, config);
        Assert.Equal(Describe(expected), Describe(after.People));
        Assert.Equal(before.Unassigned.Add(rejected).Order(), after.Unassigned.Order());
        Assert.Contains(Alice, (await Cli("people", "--db", db, "--config", config)).Output);
        var suggestions = JsonDocument.Parse((await Cli("suggest", "--db", db, "--config", config, "--json", "--limit", "1000")).Output).RootElement.GetProperty("suggestions");
        Assert.Contains(suggestions.EnumerateArray(), s =>
            (s.GetProperty("personA").GetInt64(), s.GetProperty("personB").GetInt64()) == (Math.Min(denied.Keep, denied.Other), Math.Max(denied.Keep, denied.Other)));

        // The next 'group' keeps them.
        await Cli("group", "--db", db, "--config", config);
        var regrouped = await Export(db, config);
        Assert.Equal(Alice, regrouped.People[alice].Name);
        Assert.DoesNotContain(rejected, regrouped.People[alice].Faces);
        Assert.False(regrouped.People.ContainsKey(merged));
        Assert.Superset(before.People[merged].Faces.ToHashSet(), regrouped.People[keep].Faces.ToHashSet());
    }

    /// <summary>A screenshot once the thumbnails in view have loaded (they are cropped on first request).</summary>
    private static async Task Screenshot(IPage page, string folder, string name)
    {
        await page.WaitForFunctionAsync(
            "() => [...document.images].filter(i => i.getBoundingClientRect().top < innerHeight).every(i => i.complete && i.naturalWidth > 0)",
            null, new PageWaitForFunctionOptions { Timeout = 120_000 });
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
    }

    private static async Task<(long Keep, long Other)> Pair(ILocator suggestion) => (
        long.Parse((await suggestion.Locator("input[name=keep]").First.GetAttributeAsync("value"))!),
        long.Parse((await suggestion.Locator("input[name=other]").First.GetAttributeAsync("value"))!));

    private static string PairSelector((long Keep, long Other) pair) =>
        $".suggestion:has(a[href='/person/{pair.Keep}']):has(a[href='/person/{pair.Other}'])";

    private static string Describe(IReadOnlyDictionary<long, (string? Name, ImmutableSortedSet<long> Faces)> people) =>
        string.Join("\n", people.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value.Name}: {string.Join(",", p.Value.Faces)}"));

    private static async Task<(int Code, string Output)> Cli(params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.True(code == ExitCodes.Success, $"{string.Join(' ', args)}: {error}");
        return (code, output);
    }

    private async Task<(Dictionary<long, (string? Name, ImmutableSortedSet<long> Faces)> People, ImmutableSortedSet<long> Unassigned)> Export(string db, string config)
    {
        var file = _temp.File($"export-{Guid.NewGuid():N}.json");
        await Cli("export", "--db", db, "--config", config, "--format", "json", "--out", file);
        var root = JsonDocument.Parse(await File.ReadAllTextAsync(file)).RootElement;
        static ImmutableSortedSet<long> Faces(JsonElement faces) =>
            faces.EnumerateArray().Select(f => f.GetProperty("faceId").GetInt64()).ToImmutableSortedSet();
        return (root.GetProperty("people").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetInt64(),
                p => (p.GetProperty("name").GetString(), Faces(p.GetProperty("faces")))),
            Faces(root.GetProperty("unassigned")));
    }
}
