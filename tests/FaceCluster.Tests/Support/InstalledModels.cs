using FaceCluster.Configuration;
using FaceCluster.Models;

namespace FaceCluster.Tests.Support;

/// <summary>
/// The converted models in the repository's models/ folder, as ./setup.sh leaves them; installed here (same code
/// path as set-up) when a test run starts without them. Shared by every test class through a collection fixture.
/// </summary>
public sealed class InstalledModels
{
    public InstalledModels()
    {
        Directory = Path.Combine(TestPaths.RepositoryRoot, "models");
        var tarballSha = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "setup", "face-api-1.7.15.sha256")).Split(' ')[0];
        Manifest = ModelInstaller.Install(TestPaths.FaceApiWeights, tarballSha, Directory, force: false, humanModels: HumanModels);
    }

    public string Directory { get; }

    /// <summary>The human-models graph models set-up unpacked, with the checksum of their tarball.</summary>
    public static ModelSource HumanModels => new(TestPaths.HumanModels,
        File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "setup", "human-models-3.0.4.sha256")).Split(' ')[0]);

    public ModelManifest Manifest { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>The repository's appsettings.json with models/ resolved absolutely, plus optional overrides.</summary>
    public FaceClusterSettings Settings(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var all = new Dictionary<string, string?> { ["ModelsDirectory"] = Directory };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return SettingsLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "appsettings.json"), all);
    }
}

[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<InstalledModels>
{
    public const string Name = "installed models";
}
