using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Nightly;

/// <summary>One run at a time: a second ingest or group on the same library refuses at once with its own exit code.</summary>
[Collection(ModelsCollection.Name)]
public sealed class RunLockTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("ingest")]
    [InlineData("group")]
    public async Task SecondRun_WhileAnotherHoldsTheLibrary_RefusesWithExitCode5(string command)
    {
        var db = _temp.File("busy.db");
        using (SqliteFaceStore.Open(db))
        {
        }

        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        string[] args = command == "ingest" ? ["ingest", TestPaths.SamplePhotos, "--db", db, "--config", config] : ["group", "--db", db, "--config", config];

        using (LibraryLock.Acquire(db, "a long nightly run"))
        {
            var started = DateTime.UtcNow;
            var (code, _, error) = await CliRunner.RunAsync(args);

            Assert.Equal(ExitCodes.Locked, code);
            Assert.Contains("another FaceCluster run holds", error);
            Assert.Contains("a long nightly run", error);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "refusing must be immediate");
        }

        var (after, _, afterError) = await CliRunner.RunAsync(args);
        Assert.True(after == ExitCodes.Success, afterError);
    }
}
