using System.Runtime.InteropServices;
using FaceCluster.Cli;

// Never disposed: a signal may still arrive while the process is on its way out.
var cancellation = new CancellationTokenSource();
var signals = 0;

// How long a run may take to stop cleanly after the first signal before the process leaves anyway (systemd's
// TimeoutStopSec sends SIGKILL after 90 s).
var gracePeriod = TimeSpan.FromSeconds(30);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    if (Interlocked.Increment(ref signals) > 1)
    {
        // A second Ctrl+C or SIGTERM: the user (or systemd) insists. Everything committed is already safe in SQLite.
        Console.Error.WriteLine("error: stopped by a second signal; everything already stored is kept");
        ImmediateExit.Now(ExitCodes.Cancelled);
    }

    // The first asks the run to stop cleanly (stored work is committed). A run blocked in a system call never sees the
    // token, so after a grace period the process leaves anyway.
    cancellation.Cancel();
    _ = Task.Delay(gracePeriod).ContinueWith(_ =>
    {
        Console.Error.WriteLine($"error: still running {gracePeriod.TotalSeconds:0} s after the stop signal; exiting; everything already stored is kept");
        ImmediateExit.Now(ExitCodes.Cancelled);
    }, TaskScheduler.Default);
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return await FaceClusterApp.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
