using System.Diagnostics;
using FaceCluster.Pipeline;
using Spectre.Console;

namespace FaceCluster.Cli;

/// <summary>
/// Shows a running ingest: a Spectre.Console progress bar on a terminal, or a plain line every ten seconds when output
/// goes to a file or a journal (nightly jobs).
/// </summary>
internal static class IngestProgressReporter
{
    public static async Task<T> RunAsync<T>(CliContext cli, IngestCounters counters, Func<Task<T>> run, bool interactive)
    {
        if (!interactive)
        {
            return await RunPlainAsync(cli, counters, run);
        }

        T result = default!;
        await cli.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("scanning", maxValue: 1);
                var running = run();
                var clock = Stopwatch.StartNew();
                while (!running.IsCompleted)
                {
                    Update(task, counters, clock.Elapsed);
                    await Task.WhenAny(running, Task.Delay(250));
                }

                Update(task, counters, clock.Elapsed);
                result = await running;
            });
        return result;
    }

    private static void Update(ProgressTask task, IngestCounters counters, TimeSpan elapsed)
    {
        var done = counters.Stored + counters.Unchanged;
        task.MaxValue = Math.Max(1, counters.Seen);
        task.Value = done;
        var rate = done / Math.Max(0.001, elapsed.TotalSeconds);
        task.Description = $"{done}/{counters.Seen}{(counters.ScanComplete ? "" : "+")} files  {counters.Faces} faces  {rate:0.0} files/s";
    }

    private static async Task<T> RunPlainAsync<T>(CliContext cli, IngestCounters counters, Func<Task<T>> run)
    {
        var running = run();
        var clock = Stopwatch.StartNew();
        while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10))) != running)
        {
            var done = counters.Stored + counters.Unchanged;
            var rate = done / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            var eta = counters.ScanComplete && rate > 0 ? $", ETA {TimeSpan.FromSeconds((counters.Seen - done) / rate):hh\\:mm\\:ss}" : "";
            await cli.Output.WriteLineAsync($"ingest: {done}/{counters.Seen} files, {counters.Faces} faces, {counters.Failed} failed, {rate:0.0} files/s{eta}");
        }

        return await running;
    }
}
