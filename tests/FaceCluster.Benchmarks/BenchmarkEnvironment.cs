using System.Diagnostics;
using FaceCluster.Configuration;

namespace FaceCluster.Benchmarks;

/// <summary>Where benchmarks find the repository, its installed models and the shared data sets.</summary>
internal static class BenchmarkEnvironment
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Lfw => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "lfw"));

    public static FaceClusterSettings Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var all = new Dictionary<string, string?> { ["ModelsDirectory"] = Path.Combine(RepositoryRoot, "models") };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return SettingsLoader.Load(Path.Combine(RepositoryRoot, "appsettings.json"), all);
    }

    public static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    public static string Machine() => $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FaceCluster.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run benchmarks from inside the FaceCluster repository.");
    }
}
