using System.Diagnostics;
using System.Globalization;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Nightly;

/// <summary>
/// samples/nightly/nightly.sh run by bash against a library whose lock a real process (flock) holds: a holder younger
/// than the limit means "nothing to do tonight" (exit 0), an older one is an error naming it. And a real night's run
/// given paths relative to the caller's folder.
/// </summary>
public sealed class NightlyScriptTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void LockHeldLongerThanTheLimit_IsAnErrorNamingTheHolder()
    {
        var (code, output) = RunWhileHeld(TimeSpan.FromHours(13), limitHours: null);

        Assert.True(code == 5, output);
        Assert.Contains("longer than 12 h", output);
        Assert.Contains("pid 4242, ingest", output);
        Assert.DoesNotContain("nothing to do tonight", output);
    }

    [Fact]
    public void LockHeldBrieflyByAnotherRun_IsNothingToDo()
    {
        var (code, output) = RunWhileHeld(TimeSpan.FromHours(1), limitHours: null);

        Assert.True(code == 0, output);
        Assert.Contains("nothing to do tonight", output);
        Assert.Contains("pid 4242, ingest", output);
    }

    [Fact]
    public void TheLimit_IsConfigurable()
    {
        var (code, output) = RunWhileHeld(TimeSpan.FromHours(1), limitHours: "0.5");

        Assert.True(code == 5, output);
        Assert.Contains("longer than 0.5 h", output);
    }

    [Fact]
    public void PathsRelativeToTheCallersFolder_AreTheCallersPhotosAndLibrary()
    {
        Directory.CreateDirectory(_temp.File("photos"));
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"), _temp.File("photos/sample1.jpg"));

        var (code, output) = RunScript("photos", "lib.db", limitHours: null, folder: _temp.Path);

        Assert.True(code == 0, output);
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        Assert.Equal(_temp.File("photos/sample1.jpg"), Assert.Single(store.LoadPhotoIndex().Values).Path);
    }

    private (int Code, string Output) RunWhileHeld(TimeSpan heldFor, string? limitHours)
    {
        var photos = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(photos);
        var db = _temp.File("lib.db");
        using (SqliteFaceStore.Open(db))
        {
        }

        // What LibraryLock writes for its holder, with the start time moved into the past.
        var since = (DateTimeOffset.UtcNow - heldFor).ToString("u", CultureInfo.InvariantCulture);
        File.WriteAllText(db + ".lock.owner", $"pid 4242, ingest, since {since}");
        var ready = _temp.File("holding");
        using var holder = Process.Start("flock", [db + ".lock", "sh", "-c", $"touch '{ready}'; exec sleep 120"])!;
        try
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(ready))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "flock never took the lock");
                Thread.Sleep(50);
            }

            return RunScript(photos, db, limitHours);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
    }

    private static (int Code, string Output) RunScript(string photos, string db, string? limitHours, string? folder = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepositoryRoot, "samples", "nightly", "nightly.sh"), photos, db])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder ?? Directory.GetCurrentDirectory(),
        };
        start.Environment["FACECLUSTER"] = string.Join(' ', TestProgram.CommandLine());
        start.Environment.Remove("FACECLUSTER_LOG");
        if (limitHours is null)
        {
            start.Environment.Remove("FACECLUSTER_NIGHTLY_MAX_LOCK_HOURS");
        }
        else
        {
            start.Environment["FACECLUSTER_NIGHTLY_MAX_LOCK_HOURS"] = limitHours;
        }

        using var script = Process.Start(start)!;
        var error = script.StandardError.ReadToEndAsync();
        var output = script.StandardOutput.ReadToEnd();
        if (!script.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            script.Kill(entireProcessTree: true);
            Assert.Fail("nightly.sh did not finish in 2 minutes");
        }

        return (script.ExitCode, output + error.Result);
    }
}
