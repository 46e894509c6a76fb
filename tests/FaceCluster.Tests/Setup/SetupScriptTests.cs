using System.Diagnostics;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Setup;

/// <summary>
/// setup.sh's own failure paths, run for real with bash on a copy of the script and a PATH holding only the tools it
/// needs, so a missing npm or a tampered tarball is what the script meets.
/// </summary>
public sealed class SetupScriptTests : IDisposable
{
    private static readonly string[] Tools = ["bash", "dirname", "ldconfig", "grep", "id", "mkdir", "cut", "sha256sum", "rm", "mv", "cat", "dotnet"];

    private readonly TempDirectory _temp = new();

    public SetupScriptTests()
    {
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "setup.sh"), _temp.File("setup.sh"));
        Directory.CreateDirectory(_temp.File("setup"));
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "setup")))
        {
            File.Copy(file, Path.Combine(_temp.File("setup"), Path.GetFileName(file)));
        }

        Directory.CreateDirectory(Bin);
        foreach (var tool in Tools)
        {
            var found = new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            Assert.NotNull(found);
            File.CreateSymbolicLink(Path.Combine(Bin, tool), found!);
        }
    }

    private string Bin => _temp.File("bin");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Setup_WithoutNpm_StopsWithOneClearLine()
    {
        var (code, error) = RunSetup();

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("npm is not installed", line);
    }

    [Fact]
    public void Setup_WhenTheTarballChecksumDiffers_RefusesItAndUnpacksNothing()
    {
        // A stand-in npm that "packs" a tampered tarball.
        File.WriteAllText(Path.Combine(Bin, "npm"), """
            #!/bin/bash
            while [ $# -gt 0 ]; do [ "$1" = "--pack-destination" ] && dest="$2"; shift; done
            echo "tampered" > "$dest/vladmandic-face-api-1.7.15.tgz"
            """.Replace("\r", ""));
        File.SetUnixFileMode(Path.Combine(Bin, "npm"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var (code, error) = RunSetup();

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refusing to use it", line);
        Assert.False(File.Exists(_temp.File(".cache/faceapi/vladmandic-face-api-1.7.15.tgz")), "the bad tarball must not stay under its valid name");
        Assert.False(Directory.Exists(_temp.File(".cache/faceapi/package")));
    }

    private (int Code, string Error) RunSetup()
    {
        var start = new ProcessStartInfo(Path.Combine(Bin, "bash"), [_temp.File("setup.sh"), "--no-run"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _temp.Path,
        };
        start.Environment["PATH"] = Bin;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
