using System.Diagnostics;
using System.Text.RegularExpressions;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Serve;

/// <summary>
/// The real <c>facecluster serve</c> as a child process on a free loopback port (<c>--port 0</c>), with the address
/// and token it prints; killed on dispose.
/// </summary>
public sealed partial class ReviewServerProcess : IDisposable
{
    private readonly Process _process;

    private ReviewServerProcess(Process process, Uri start)
    {
        _process = process;
        StartAddress = start;
        Token = start.Query["?token=".Length..];
        BaseAddress = new Uri(start.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>The printed address, token included.</summary>
    public Uri StartAddress { get; }

    public Uri BaseAddress { get; }

    public string Token { get; }

    public int Port => BaseAddress.Port;

    public static ReviewServerProcess Start(string database, params string[] extra)
    {
        var start = TestProgram.StartInfo(["serve", "--db", database, "--port", "0", .. extra]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var first = process.StandardOutput.ReadLineAsync();
        var match = first.Wait(TimeSpan.FromMinutes(2)) && first.Result is { } line ? Address().Match(line) : null;
        if (match is not { Success: true })
        {
            process.Kill(entireProcessTree: true);
            lock (errors)
            {
                throw new InvalidOperationException($"serve did not print its address: {first.Status} {string.Join('\n', errors)}");
            }
        }

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return new ReviewServerProcess(process, new Uri(match.Value));
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+")]
    private static partial Regex Address();
}
