using System.Diagnostics;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Setup;

/// <summary>
/// setup/install.sh for real: the program set-up built (artifacts/facecluster) and the converted models are installed
/// into a scratch prefix, then the installed launcher runs from a folder outside the repository, with a home of its
/// own, as a user runs it in ~/Pictures.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class InstallTests(InstalledModels models) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Prefix => _temp.File("prefix");

    private string Home => _temp.File("home");

    private string Pictures => _temp.File("Pictures");

    [Fact]
    public void InstalledProgram_RunsFromAnyFolder_WithTheUsersOwnConfig()
    {
        Assert.True(File.Exists(models.PathOf("models.json")), "set-up's models are needed");
        Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, "artifacts", "facecluster", "facecluster")),
            "run ./setup.sh (test.sh does) so artifacts/facecluster exists");
        Directory.CreateDirectory(Pictures);
        foreach (var name in new[] { "sample1.jpg", "sample2.jpg" })
        {
            File.Copy(Path.Combine(TestPaths.SamplePhotos, name), Path.Combine(Pictures, name));
        }

        // The user's ~/.config/facecluster/appsettings.json sits between the program's settings and the current folder's.
        Directory.CreateDirectory(Path.Combine(Home, ".config", "facecluster"));
        File.WriteAllText(Path.Combine(Home, ".config", "facecluster", "appsettings.json"), """{ "Database": "family.db" }""");

        var install = Run(Path.Combine(TestPaths.RepositoryRoot, "setup", "install.sh"), TestPaths.RepositoryRoot, "--prefix", Prefix);
        Assert.True(install.Code == 0, install.Error);
        var launcher = Path.Combine(Prefix, "bin", "facecluster");
        Assert.True(File.Exists(launcher));

        var verify = Run(launcher, Pictures, "models", "verify");
        Assert.True(verify.Code == 0, verify.Output + verify.Error);
        Assert.Contains(Path.Combine(Prefix, "lib", "facecluster", "models"), verify.Output);

        var ingest = Run(launcher, Pictures, "ingest", ".");
        Assert.True(ingest.Code == 0, ingest.Output + ingest.Error);
        Assert.True(File.Exists(Path.Combine(Pictures, "family.db")), "the user's config names the library, relative to the current folder");

        var status = Run(launcher, Pictures, "status", "--json");
        Assert.True(status.Code == 0, status.Output + status.Error);
        using (var json = System.Text.Json.JsonDocument.Parse(status.Output))
        {
            Assert.Equal(Path.Combine(Pictures, "family.db"), json.RootElement.GetProperty("database").GetString());
            Assert.Equal(2, json.RootElement.GetProperty("photos").GetInt32());
            Assert.True(json.RootElement.GetProperty("faces").GetInt32() >= 2);
        }

        var group = Run(launcher, Pictures, "group");
        Assert.True(group.Code == 0, group.Output + group.Error);
        Assert.Contains("group completed", group.Output);
        var people = Run(launcher, Pictures, "people");
        Assert.True(people.Code == 0, people.Output + people.Error);

        var uninstall = Run(Path.Combine(TestPaths.RepositoryRoot, "setup", "install.sh"), TestPaths.RepositoryRoot, "--prefix", Prefix, "--uninstall");
        Assert.Equal(0, uninstall.Code);
        Assert.False(File.Exists(launcher));
        Assert.False(Directory.Exists(Path.Combine(Prefix, "lib", "facecluster")));
        Assert.True(File.Exists(Path.Combine(Pictures, "family.db")), "uninstall keeps the user's library");
    }

    [Fact]
    public void InstalledProgram_WithoutModelsAnywhere_SaysWhereItLooked()
    {
        Directory.CreateDirectory(Pictures);
        var install = Run(Path.Combine(TestPaths.RepositoryRoot, "setup", "install.sh"), TestPaths.RepositoryRoot, "--prefix", Prefix);
        Assert.True(install.Code == 0, install.Error);
        Directory.Delete(Path.Combine(Prefix, "lib", "facecluster", "models"), recursive: true);

        var verify = Run(Path.Combine(Prefix, "bin", "facecluster"), Pictures, "models", "verify");

        Assert.Equal(3, verify.Code);
        Assert.Contains("models install", verify.Output + verify.Error);
    }

    private (int Code, string Output, string Error) Run(string program, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("FACECLUSTER_", StringComparison.Ordinal) || k.StartsWith("XDG_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["HOME"] = Home;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }

        return (process.ExitCode, output, error.Result);
    }
}
