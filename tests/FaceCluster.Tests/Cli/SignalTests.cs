using System.Diagnostics;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>Stop signals sent to a real facecluster process: a second one must end it, never crash it.</summary>
[Collection(ModelsCollection.Name)]
public sealed class SignalTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Ingest_TwoSigterms_EndWithCancelledExitCodeAndNoCrash()
    {
        // Given an ingest that holds the library lock (its command is running)
        var library = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(library);
        foreach (var photo in Directory.GetFiles(TestPaths.SamplePhotos, "*.jpg"))
        {
            File.Copy(photo, Path.Combine(library, Path.GetFileName(photo)));
        }

        var db = _temp.File("signal.db");
        var config = _temp.File("config.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        using var process = ChildCli.Start("ingest", library, "--db", db, "--config", config);
        var running = Stopwatch.StartNew();
        while (!File.Exists(db + ".lock") && !process.HasExited && running.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(20);
        }

        Assert.False(process.HasExited, "ingest ended before it could be signalled");

        // When SIGTERM arrives twice in a row
        Signal(process.Id);
        Thread.Sleep(100);
        Signal(process.Id);

        // Then the process ends promptly as cancelled (130), not with an unhandled exception (134)
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("ingest did not end within 60 s of two SIGTERMs");
        }

        process.WaitForExit();
        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        lock (ChildCli.Errors)
        {
            Assert.DoesNotContain(ChildCli.Errors, e => e.Contains("Unhandled exception", StringComparison.Ordinal));
        }
    }

    private static void Signal(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
