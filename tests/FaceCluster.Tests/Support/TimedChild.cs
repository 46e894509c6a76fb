using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FaceCluster.Tests.Support;

/// <summary>
/// The real facecluster program as a child process under GNU time, with a deadline: a hang fails the test (the child
/// is killed) instead of hanging the suite, and the child's peak memory is known.
/// </summary>
public static partial class TimedChild
{
    private const string GnuTime = "/usr/bin/time";

    public sealed record Result(int ExitCode, string Error, long PeakBytes);

    public static Result Run(TimeSpan deadline, params string[] args)
    {
        Assert.True(File.Exists(GnuTime), $"{GnuTime} (GNU time, Debian package 'time') is needed to measure the child's peak memory");
        var start = new ProcessStartInfo(GnuTime, ["-v", .. TestProgram.CommandLine(args)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(deadline))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"facecluster {string.Join(' ', args)} did not finish within {deadline.TotalSeconds:0} s");
        }

        process.WaitForExit();
        var text = error.Result + output.Result;
        var peak = PeakPattern().Match(text);
        Assert.True(peak.Success, $"no peak memory in GNU time's report:\n{text}");
        return new Result(process.ExitCode, error.Result, long.Parse(peak.Groups[1].Value) * 1024);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex PeakPattern();
}
