using FaceCluster.Cli;

namespace FaceCluster.Tests.Support;

/// <summary>Runs the real command tree in-process and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FaceClusterApp.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
