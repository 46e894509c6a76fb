using System.Diagnostics;
using FaceCluster.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// Stop signals sent to a real facecluster process: a second one ends it at once, never crashes it, and a run that cannot
/// see the cancellation still ends after a grace period.
/// </summary>
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

    [Fact]
    public void HungIngest_TwoSigterms_EndItAtOnce()
    {
        using var process = StartHungIngest();

        Signal(process.Id);
        Thread.Sleep(500); // standard signals do not queue: two sent at once arrive as one
        Signal(process.Id);

        AssertEndsCancelled(process, TimeSpan.FromSeconds(20), "stopped by a second signal");
    }

    [Fact]
    public void HungIngest_OneSigterm_EndsItAfterTheGracePeriod()
    {
        using var process = StartHungIngest();

        Signal(process.Id);

        AssertEndsCancelled(process, TimeSpan.FromSeconds(90), "still running 30 s after the stop signal");
    }

    /// <summary>
    /// An ingest blocked for good in a system call, where no cancellation token reaches it: reading its settings from a
    /// FIFO nobody writes to.
    /// </summary>
    private Process StartHungIngest()
    {
        var fifo = _temp.File("settings.json");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var process = ChildCli.Start("ingest", _temp.Path, "--db", _temp.File("hung.db"), "--config", fifo);
        var waiting = Stopwatch.StartNew();
        while (ReadWaitChannel(process.Id) != "wait_for_partner" && waiting.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(50);
        }

        Assert.Equal("wait_for_partner", ReadWaitChannel(process.Id));
        return process;
    }

    /// <summary>Where the child's main thread sleeps in the kernel ("wait_for_partner": opening a FIFO).</summary>
    private static string ReadWaitChannel(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/wchan");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void AssertEndsCancelled(Process process, TimeSpan deadline, string message)
    {
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the hung ingest did not end within {deadline.TotalSeconds:0} s");
        }

        process.WaitForExit();
        Assert.Equal(ExitCodes.Cancelled, process.ExitCode);
        lock (ChildCli.Errors)
        {
            Assert.Contains(ChildCli.Errors, e => e.Contains(message, StringComparison.Ordinal));
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
