using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// Decompression bombs that pass the header limits: a PNG whose text chunks inflate to a gigabyte and a GIF of a
/// thousand full-size frames. A real ingest (child process, peak memory measured by GNU time) completes and stays small:
/// only the first frame is decoded and text metadata is never inflated.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class DecompressionBombTests(InstalledModels installed) : IDisposable
{
    private const long PeakLimit = 500L * 1024 * 1024;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ingest_PngTextBombAndGifFrameBomb_CompletesWithinTheMemoryLimit()
    {
        var library = Path.Combine(_temp.Path, "library");
        Directory.CreateDirectory(library);
        File.WriteAllBytes(Path.Combine(library, "text-bomb.png"), HostileFiles.PngTextBomb(1024));
        File.WriteAllBytes(Path.Combine(library, "frame-bomb.gif"), HostileFiles.GifFrameBomb(1000, 1000));
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), Path.Combine(library, "photo.jpg"));
        var db = _temp.File("bombs.db");
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");

        var result = TimedChild.Run(TimeSpan.FromSeconds(120), "ingest", library, "--db", db, "--config", config);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.True(result.PeakBytes < PeakLimit, $"peak memory {result.PeakBytes / (1024 * 1024)} MB");
        using var store = SqliteFaceStore.Open(db);
        Assert.Equal("completed", store.GetStatus().LastRun!.Status);
        var photos = store.LoadPhotoIndex().Values.ToDictionary(p => Path.GetFileName(p.Path));
        Assert.Equal(PhotoStatus.Ok, photos["photo.jpg"].Status);
        foreach (var bomb in new[] { "text-bomb.png", "frame-bomb.gif" })
        {
            // The picture is all a face library needs of them: decoded without the text and the later frames (the parts
            // that inflate), within the memory limit, as any animated GIF or PNG with large metadata is.
            Assert.True(photos[bomb].Status == PhotoStatus.Ok, $"{bomb}: {photos[bomb].Status} {photos[bomb].Error}");
        }
    }
}
