using System.Globalization;
using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Detection;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Tests.Xmp;

/// <summary>
/// Face names to and from XMP through the real CLI on real photos: sidecars written by <c>export --format xmp</c> are
/// read back by ExifTool, regions written by ExifTool become named faces on ingest, and a library's names survive a
/// round trip through sidecars into a new library.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class XmpSidecarCommandTests(InstalledModels installed) : IDisposable
{
    private static readonly string Profile = TestPaths.DefaultProfile;
    private static readonly string[] Names = ["Alice", "Zoë <\"&'> O'Brien", "Carl", "Dana", "Emil", "Fay"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExportXmp_ExifToolReadsNamesAndUnrotatedRegions_OtherPropertiesKept_IngestReadsThemBack()
    {
        var (photos, upright, turned) = UprightAndTurned();
        var db = _temp.File("lib.db");
        await Cli("ingest", photos, "--db", db);
        var (width, height) = (960.0, 640.0);
        var named = NameTwins(db, upright, turned);

        FormatFixtures.ExifTool("-q", "-XMP-xmp:Rating=5", upright + ".xmp");
        var before = File.ReadAllBytes(upright + ".xmp");
        var dryRun = await Cli("export", "--format", "xmp", "--dry-run", "--db", db);
        Assert.Contains($"would create {turned}.xmp", dryRun);
        Assert.Contains($"would update {upright}.xmp", dryRun);
        Assert.False(File.Exists(turned + ".xmp"));
        Assert.Equal(before, File.ReadAllBytes(upright + ".xmp"));
        Assert.Contains($"would create {Path.Combine(photos, "upright.xmp")}", await Cli("export", "--format", "xmp", "--sidecar-name", "replace", "--dry-run", "--db", db));

        await Cli("export", "--format", "xmp", "--db", db);

        var uprightXmp = ReadBack(upright + ".xmp");
        Assert.Equal(5, uprightXmp.GetProperty("Rating").GetInt32());
        var turnedXmp = ReadBack(turned + ".xmp");
        AssertDimensions(uprightXmp, 960, 640);
        AssertDimensions(turnedXmp, 640, 960);
        foreach (var (face, name) in named)
        {
            var (cx, cy) = ((face.Box.X + face.Box.Width / 2) / width, (face.Box.Y + face.Box.Height / 2) / height);
            AssertRegion(uprightXmp, name, cx, cy);
            // The stored frame of the turned photo: the upright point (x, y) sits at (y, 1 - x) after a left quarter turn.
            AssertRegion(turnedXmp, name, cy, 1 - cx);
        }

        foreach (var xmp in new[] { uprightXmp, turnedXmp })
        {
            Assert.Equal(named.Values.Order(), xmp.GetProperty("PersonInImage").EnumerateArray().Select(n => n.GetString()!).Order());
            Assert.Equal(named.Values.Select(n => "People/" + n).Order(), xmp.GetProperty("TagsList").EnumerateArray().Select(n => n.GetString()!).Order());
        }

        Assert.Contains("wrote 0 sidecars (2 unchanged", await Cli("export", "--format", "xmp", "--db", db));

        // Round trip: the sidecars name the same faces of a new library, the turned photo's included.
        var again = _temp.File("again.db");
        await Cli("ingest", photos, "--db", again);
        await Cli("group", "--db", again);
        var expected = await NamesByFace(db);
        var actual = await NamesByFace(again);
        Assert.Equal(2 * named.Count, expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
    }

    [Fact]
    public async Task ProfileMove_NamesWrittenToSidecarsFirst_ComeBackUnderTheNewProfile()
    {
        // Given a library made with the float profile, its people named
        var (photos, upright, turned) = UprightAndTurned();
        var db = _temp.File("lib.db");
        await Cli("ingest", photos, "--db", db, "--profile", "faceapi");
        var named = NameTwins(db, upright, turned, "faceapi");

        // When the names go to sidecars and the library moves to the int8 profile (README: moving a library)
        await Cli("export", "--format", "xmp", "--db", db);
        await Cli("ingest", photos, "--db", db, "--profile", "faceapi-int8");
        await Cli("group", "--db", db);

        // Then every name is back, on the new profile's faces of both photos
        using var store = SqliteFaceStore.Open(db);
        Assert.Equal(["faceapi-int8"], store.FaceProfiles());
        var people = await Export(db);
        foreach (var name in named.Values)
        {
            var person = Assert.Single(people.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
            Assert.Equal([turned, upright], person.GetProperty("faces").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Ingest_RegionsWrittenByExifTool_NameTheMatchedFaces_AndGroupKeepsThem()
    {
        var first = Directory.CreateDirectory(_temp.File("first")).FullName;
        Photo("sample1.jpg", first, "a.jpg", RotateMode.None);
        Photo("sample3.jpg", first, "b.jpg", RotateMode.None);
        var firstDb = _temp.File("first.db");
        await Cli("ingest", first, "--db", firstDb);
        FaceBox alice, bob;
        using (var store = SqliteFaceStore.Open(firstDb))
        {
            var faces = store.ReadFaces(Profile).ToList();
            alice = faces.Where(f => f.PhotoPath.EndsWith("a.jpg", StringComparison.Ordinal)).ElementAt(1).Box;
            bob = faces.First(f => f.PhotoPath.EndsWith("b.jpg", StringComparison.Ordinal)).Box;
        }

        var library = Directory.CreateDirectory(_temp.File("library")).FullName;
        var a = Path.Combine(library, "a.jpg");
        var b = Path.Combine(library, "b.jpg");
        File.Copy(Path.Combine(first, "a.jpg"), a);
        File.Copy(Path.Combine(first, "b.jpg"), b);
        // Tools draw their own boxes: a fifth larger than the detector's, as a person would drag one.
        FormatFixtures.ExifTool("-q",
            $"-XMP-mwg-rs:RegionInfo={{AppliedToDimensions={{W=960,H=640,Unit=pixel}},RegionList=[{{Area={{X={N(alice.CenterX / 960)},Y={N(alice.CenterY / 640)},W={N(alice.Width * 1.2 / 960)},H={N(alice.Height * 1.2 / 640)},Unit=normalized}},Name=Alice,Type=Face}}]}}",
            a + ".xmp");
        // Microsoft's region embedded in the photo itself ('|,' is ExifTool's escape for a comma inside a field).
        var rectangle = string.Join("|, ", new[] { bob.X / 960, bob.Y / 640, bob.Width / 960, bob.Height / 640 }.Select(v => N(v)));
        FormatFixtures.ExifTool("-q", "-overwrite_original", $"-XMP-MP:RegionInfoMP={{Regions=[{{Rectangle={rectangle},PersonDisplayName=Bob}}]}}", b);

        var db = _temp.File("lib.db");
        await Cli("ingest", library, "--db", db);
        await Cli("group", "--db", db);

        var people = await Export(db);
        AssertNamed(people, "Alice", a, alice);
        AssertNamed(people, "Bob", b, bob);
        Assert.Contains("Alice", await Cli("people", "--db", db));
    }

    [Theory]
    [InlineData("--out is not used with --format xmp", "--format", "xmp", "--out", "x.xmp")]
    [InlineData("--format json needs --out FILE", "--format", "json")]
    [InlineData("--dry-run and --sidecar-name apply to --format xmp only", "--format", "csv", "--out", "x.csv", "--dry-run")]
    public async Task Export_OutAndSidecarOptions_BelongToTheirFormats(string message, params string[] args)
    {
        var library = FaceCluster.Tests.Cli.PeopleLibrary.Create(_temp.File("lib.db"));

        var (code, _, error) = await CliRunner.RunAsync(["export", .. args, "--db", library.Database]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task ExportXmp_SkipsAFifoSidecarAndAnUnreadablePhoto_AndWritesNothingThere()
    {
        var library = FaceCluster.Tests.Cli.PeopleLibrary.Create(_temp.File("lib.db"));
        var folder = Path.GetDirectoryName(library.Database)!;
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(folder, "a.jpg"), overwrite: true);
        var fifo = Path.Combine(folder, "a.jpg.xmp");
        using (var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [fifo]))!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        using (var store = SqliteFaceStore.Open(library.Database))
        {
            store.NamePerson(library.First, "Ann");
        }

        var export = CliRunner.RunAsync("export", "--format", "xmp", "--db", library.Database);
        Assert.True(await Task.WhenAny(export, Task.Delay(TimeSpan.FromSeconds(60))) == export, "a FIFO where a sidecar goes must not block the export");
        var (code, output, _) = await export;

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"skip {fifo}: not a regular file", output);
        Assert.Contains($"skip {Path.Combine(folder, "b.jpg.xmp")}: photo: file is empty", output);
        Assert.Contains("wrote 0 sidecars (0 unchanged, 2 skipped)", output);
        Assert.False(File.Exists(Path.Combine(folder, "b.jpg.xmp")));
    }

    private static void AssertNamed(JsonElement people, string name, string photo, FaceBox box)
    {
        var person = Assert.Single(people.EnumerateArray(), p => p.GetProperty("name").GetString() == name);
        var faces = person.GetProperty("faces").EnumerateArray().Where(f => f.GetProperty("path").GetString() == photo).ToList();
        var face = Assert.Single(faces);
        Assert.Equal(box.X, face.GetProperty("box")[0].GetSingle(), 0.5f);
        Assert.Equal(box.Y, face.GetProperty("box")[1].GetSingle(), 0.5f);
    }

    /// <summary>Puts each face of the upright photo and its twin in the turned photo into one person, and names it.</summary>
    private static Dictionary<StoredFace, string> NameTwins(string db, string upright, string turned, string? profile = null)
    {
        profile ??= Profile;
        using var store = SqliteFaceStore.Open(db);
        var faces = store.ReadFaces(profile).ToList();
        var ups = faces.Where(f => f.PhotoPath == upright).ToList();
        var turns = faces.Where(f => f.PhotoPath == turned).ToList();
        Assert.True(ups.Count >= 2, $"sample1 has several faces; found {ups.Count}");
        Assert.Equal(ups.Count, turns.Count);
        var twins = ups.Select(u => turns.MinBy(t => t.Box.CentreDistanceSquared(u.Box.CenterX, u.Box.CenterY))!).ToList();
        Assert.Equal(ups.Count, twins.Distinct().Count());
        var people = store.ApplyGrouping(profile, ups.Select((u, i) => new PersonAssignment(null, [u.Id, twins[i].Id])).ToList());
        var named = new Dictionary<StoredFace, string>();
        for (var i = 0; i < ups.Count; i++)
        {
            store.NamePerson(people[i], Names[i]);
            named[ups[i]] = Names[i];
        }

        return named;
    }

    /// <summary>Each face's name, keyed by its photo and rounded box (the same pixels give the same boxes).</summary>
    private async Task<Dictionary<string, string?>> NamesByFace(string db)
    {
        var export = await Export(db);
        return export.EnumerateArray()
            .SelectMany(p => p.GetProperty("faces").EnumerateArray().Select(f => (Name: p.GetProperty("name").GetString(), Face: f)))
            .ToDictionary(
                f => $"{Path.GetFileName(f.Face.GetProperty("path").GetString())} {string.Join(",", f.Face.GetProperty("box").EnumerateArray().Select(v => Math.Round(v.GetDouble() / 4)))}",
                f => f.Name);
    }

    private async Task<JsonElement> Export(string db)
    {
        var json = _temp.File($"export-{Guid.NewGuid():N}.json");
        await Cli("export", "--format", "json", "--out", json, "--db", db);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return doc.RootElement.GetProperty("people").Clone();
    }

    private static JsonElement ReadBack(string sidecar)
    {
        using var doc = JsonDocument.Parse(FormatFixtures.ExifTool("-j", "-struct", "-XMP:all", sidecar));
        return doc.RootElement[0].Clone();
    }

    private static void AssertDimensions(JsonElement xmp, int width, int height)
    {
        var dimensions = xmp.GetProperty("RegionInfo").GetProperty("AppliedToDimensions");
        Assert.Equal(width, dimensions.GetProperty("W").GetInt32());
        Assert.Equal(height, dimensions.GetProperty("H").GetInt32());
        Assert.Equal("pixel", dimensions.GetProperty("Unit").GetString());
    }

    /// <summary>The MWG and Microsoft regions named <paramref name="name"/> are centred on (x, y) of the stored frame, within 1 %.</summary>
    private static void AssertRegion(JsonElement xmp, string name, double x, double y)
    {
        var mwg = Assert.Single(xmp.GetProperty("RegionInfo").GetProperty("RegionList").EnumerateArray(), r => r.GetProperty("Name").GetString() == name);
        Assert.Equal("Face", mwg.GetProperty("Type").GetString());
        var area = mwg.GetProperty("Area");
        Assert.Equal("normalized", area.GetProperty("Unit").GetString());
        Assert.InRange(area.GetProperty("X").GetDouble(), x - 0.01, x + 0.01);
        Assert.InRange(area.GetProperty("Y").GetDouble(), y - 0.01, y + 0.01);

        var microsoft = Assert.Single(xmp.GetProperty("RegionInfoMP").GetProperty("Regions").EnumerateArray(), r => r.GetProperty("PersonDisplayName").GetString() == name);
        var rectangle = microsoft.GetProperty("Rectangle").GetString()!.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(rectangle[0] + rectangle[2] / 2, x - 0.01, x + 0.01);
        Assert.InRange(rectangle[1] + rectangle[3] / 2, y - 0.01, y + 0.01);
    }

    /// <summary>
    /// A folder with sample1 upright and the same photo stored a quarter turn to the left and tagged 6 (turn right to
    /// show), so that it shows exactly as the upright one.
    /// </summary>
    private (string Folder, string Upright, string Turned) UprightAndTurned()
    {
        var photos = Directory.CreateDirectory(_temp.File("photos")).FullName;
        var upright = Photo("sample1.jpg", photos, "upright.jpg", RotateMode.None);
        var turned = Photo("sample1.jpg", photos, "turned.jpg", RotateMode.Rotate270);
        FormatFixtures.TagOrientation(turned, 6);
        return (photos, upright, turned);
    }

    /// <summary>A sample photo 960 pixels wide (ingest is quicker), turned as asked, as a JPEG.</summary>
    private string Photo(string sample, string folder, string name, RotateMode rotate)
    {
        var png = FormatFixtures.Png(Path.Combine(TestPaths.SamplePhotos, sample), _temp.Path, $"{Guid.NewGuid():N}.png", rotate);
        return FormatFixtures.Jpeg(png, Path.Combine(folder, name));
    }

    private async Task<string> Cli(params string[] args)
    {
        var config = _temp.File("config.json");
        if (!File.Exists(config))
        {
            File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        }

        var (code, output, error) = await CliRunner.RunAsync([.. args, "--config", config]);
        Assert.True(code == ExitCodes.Success, $"{string.Join(' ', args)}: {error}");
        return output;
    }

    private static string N(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
