using System.Diagnostics;
using FaceCluster.Analysis;
using FaceCluster.Maintenance;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// A library with every kind of hostile file at once: the run completes, each bad file is stored with its reason, and
/// every good photo's faces are stored.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class HostileLibraryTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task Ingest_HostileCorpus_CompletesRecordsEveryReasonAndKeepsGoodFaces()
    {
        var root = Path.Combine(_temp.Path, "library");
        var deep = Path.Combine(root, new string('d', 200), new string('e', 200), new string('f', 200));
        Directory.CreateDirectory(deep);
        var good = new[] { "Adrien_Brody/Adrien_Brody_0001.jpg", "Abdullah_Gul/Abdullah_Gul_0001.jpg", "Aaron_Peirsol/Aaron_Peirsol_0001.jpg" };
        File.Copy(TestPaths.ResolveImage("lfw:" + good[0]), Path.Combine(root, "good.jpg"));
        File.Copy(TestPaths.ResolveImage("lfw:" + good[1]), Path.Combine(deep, "very-long-path.jpg"));
        File.Copy(TestPaths.ResolveImage("lfw:" + good[2]), Path.Combine(root, "jpeg-named.txt"));
        File.WriteAllBytes(Path.Combine(root, "bomb.png"), HostileFiles.PngClaiming(50_000, 50_000));
        File.WriteAllBytes(Path.Combine(root, "bomb-wide.jpg.png"), HostileFiles.PngClaiming(65_000, 10));
        File.WriteAllBytes(Path.Combine(root, "truncated.jpg"), HostileFiles.Truncated(TestPaths.ResolveImage("lfw:" + good[0]), 0.6));
        File.WriteAllBytes(Path.Combine(root, "zero.jpg"), []);
        File.WriteAllText(Path.Combine(root, "text-named.jpg"), "hello");
        File.CreateSymbolicLink(Path.Combine(root, "loop"), root);
        File.CreateSymbolicLink(Path.Combine(deep, "up-loop"), root);
        File.CreateSymbolicLink(Path.Combine(root, "dangling.jpg"), Path.Combine(root, "gone.jpg"));
        // Two names that differ only in bytes that are not UTF-8 (.NET shows both as "bad-\uFFFD-name.jpg")
        Bash($"cp '{Path.Combine(root, "good.jpg")}' $'{root}/bad-\\xff-name.jpg' && cp '{Path.Combine(root, "good.jpg")}' $'{root}/bad-\\xfe-name.jpg'");

        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        var run = (await new IngestPipeline(store, models, new IngestOptions()).RunAsync([root], prune: false)).Run;

        Assert.Equal("completed", run.Status);
        var photos = store.LoadPhotoIndex().Values.ToList();
        var reasons = photos.Where(p => p.Status == PhotoStatus.Failed).ToDictionary(p => Path.GetFileName(p.Path), p => p.Error!);
        Assert.Contains("not valid UTF-8", reasons["bad-\\xff-name.jpg"]);
        Assert.Contains("not valid UTF-8", reasons["bad-\\xfe-name.jpg"]);
        Assert.Contains("decompression bomb", reasons["bomb.png"]);
        Assert.Contains("decompression bomb", reasons["bomb-wide.jpg.png"]);
        Assert.Contains("truncated", reasons["truncated.jpg"]);
        Assert.Contains("empty", reasons["zero.jpg"]);
        Assert.Contains("not a supported image", reasons["text-named.jpg"]);
        Assert.Contains("file not found", reasons["dangling.jpg"]);
        Assert.Equal(8, reasons.Count);

        // Every good photo was found once (no loop revisits) and its face stored.
        var ok = photos.Where(p => p.Status == PhotoStatus.Ok).Select(p => Path.GetFileName(p.Path)).Order().ToList();
        Assert.Equal(["good.jpg", "jpeg-named.txt", "very-long-path.jpg"], ok);
        Assert.Equal(3, store.ReadFaces("faceapi").Select(f => f.PhotoId).Distinct().Count());

        // The escaped paths of the badly named files still name files on disk: doctor finds nothing missing.
        Assert.DoesNotContain(new LibraryDoctor(store).Examine(fix: false), f => f.Check == "missing photos");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Ingest_UnreadableFile_IsRecordedAsPermissionDenied()
    {
        // Given a photo nobody but its owner may read (the library and database themselves open to all)
        var root = Path.Combine(_temp.Path, "locked");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(_temp.Path, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(root, (UnixFileMode)0x1FF);
        var file = Path.Combine(root, "secret.jpg");
        File.Copy(TestPaths.ResolveImage("lfw:Adrien_Brody/Adrien_Brody_0001.jpg"), file);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = _temp.File("perm.db");

        // When the real CLI ingests it as another user (root reads everything, so run as 'nobody' when we are root)
        var config = _temp.File("perm.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        var command = $"{string.Join(' ', TestProgram.CommandLine().Select(w => $"'{w}'"))} ingest '{root}' --db '{db}' --config '{config}'";
        if (Environment.UserName == "root")
        {
            command = $"HOME=/tmp DOTNET_CLI_HOME=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups {command}";
        }
        else
        {
            File.SetUnixFileMode(file, UnixFileMode.None);
        }

        Bash(command);

        // Then the run completed and the file is recorded with the reason
        using var store = SqliteFaceStore.Open(db);
        var photo = Assert.Single(store.LoadPhotoIndex().Values);
        Assert.Equal(PhotoStatus.Failed, photo.Status);
        Assert.Equal("permission denied", photo.Error);
    }

    private static void Bash(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]))!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
