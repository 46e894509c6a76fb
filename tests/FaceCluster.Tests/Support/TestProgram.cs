using System.Diagnostics;

namespace FaceCluster.Tests.Support;

/// <summary>
/// The facecluster program that child-process tests start: the published program (set-up's Native AOT build, what a
/// user runs) when test.sh names it in FACECLUSTER_TEST_PROGRAM, else the JIT build beside the tests.
/// </summary>
public static class TestProgram
{
    private static readonly string? Published = FindPublished();

    /// <summary>The words that start the program with <paramref name="args"/>: the program (or dotnet and the assembly), then the arguments.</summary>
    public static string[] CommandLine(params IEnumerable<string> args) =>
        Published is not null ? [Published, .. args] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "facecluster.dll"), .. args];

    public static ProcessStartInfo StartInfo(params IEnumerable<string> args)
    {
        var words = CommandLine(args);
        return new ProcessStartInfo(words[0], words[1..]);
    }

    private static string? FindPublished()
    {
        var path = Environment.GetEnvironmentVariable("FACECLUSTER_TEST_PROGRAM");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        path = Path.GetFullPath(path);
        return File.Exists(path) ? path : throw new FileNotFoundException($"FACECLUSTER_TEST_PROGRAM names {path}, which does not exist; run ./setup.sh --no-run", path);
    }
}
