using System.Diagnostics;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// FIFOs, devices, links up to "/" and kernel pseudo filesystems in or as the photo folder: only regular files are
/// opened, so nothing blocks; each run ends within seconds. Real child processes, so a regression fails (the child
/// is killed at the deadline) instead of hanging the suite.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class SpecialFileTests(InstalledModels installed) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ingest_FifosDevicesAndALinkToRoot_CompletesWithThePhotoStored()
    {
        // Given a photo beside FIFOs, device links and a link to "/"
        var library = Path.Combine(_temp.Path, "library");
        Directory.CreateDirectory(library);
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(library, "photo.jpg"));
        MakeFifo(Path.Combine(library, "pipe"));
        MakeFifo(Path.Combine(library, "pipe.jpg"));
        File.CreateSymbolicLink(Path.Combine(library, "root"), "/");
        File.CreateSymbolicLink(Path.Combine(library, "zero.jpg"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(library, "null"), "/dev/null");
        var db = _temp.File("special.db");

        // When the real CLI ingests it
        var result = TimedChild.Run(Deadline, "ingest", library, "--db", db, "--config", Config());

        // Then it completed, stored the photo, recorded the special files named like photos and warned about the link
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("skipping " + Path.Combine(library, "root"), result.Error);
        using var store = SqliteFaceStore.Open(db);
        Assert.Equal("completed", store.GetStatus().LastRun!.Status);
        var photos = store.LoadPhotoIndex().Values.ToDictionary(p => Path.GetFileName(p.Path));
        Assert.Equal(["photo.jpg", "pipe.jpg", "zero.jpg"], photos.Keys.Order());
        Assert.Equal(PhotoStatus.Ok, photos["photo.jpg"].Status);
        Assert.Equal("not a regular file: FIFO (named pipe)", photos["pipe.jpg"].Error);
        Assert.Equal("not a regular file: character device", photos["zero.jpg"].Error);
    }

    [Fact]
    public void Ingest_Proc_CompletesAtOnceWithAWarning()
    {
        var result = TimedChild.Run(Deadline, "ingest", "/proc", "--db", _temp.File("proc.db"), "--config", Config());

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("proc pseudo filesystem", result.Error);
        using var store = SqliteFaceStore.Open(_temp.File("proc.db"));
        Assert.Empty(store.LoadPhotoIndex());
    }

    [Fact]
    public void Search_Fifo_ExitsWithInputErrorAtOnce()
    {
        var fifo = _temp.File("face.jpg");
        MakeFifo(fifo);

        var result = TimedChild.Run(Deadline, "search", fifo, "--config", Config());

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("not a regular file: FIFO", result.Error);
    }

    [Fact]
    public async Task Search_MissingFile_SaysFileNotFound()
    {
        var missing = _temp.File("nowhere.jpg");

        var (code, _, error) = await CliRunner.RunAsync("search", missing, "--config", Config());

        Assert.Equal(ExitCodes.InputError, code);
        Assert.Contains($"file not found: {missing}", error);
        Assert.DoesNotContain("vanished", error);
    }

    private string Config()
    {
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        return config;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]))!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
