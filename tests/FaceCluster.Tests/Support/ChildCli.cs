using System.Diagnostics;

namespace FaceCluster.Tests.Support;

/// <summary>The real facecluster program as a child process (<see cref="TestProgram"/>), for kill and lock tests.</summary>
public static class ChildCli
{
    public static Process Start(params string[] args)
    {
        var start = TestProgram.StartInfo(args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        // Drain the pipes so a chatty child never blocks on a full pipe; keep stderr for failure messages.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (Errors)
                {
                    Errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Every stderr line children printed, newest last (for assertion messages).</summary>
    public static List<string> Errors { get; } = [];

    public static int Run(params string[] args)
    {
        using var process = Start(args);
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"facecluster {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return process.ExitCode;
    }
}
