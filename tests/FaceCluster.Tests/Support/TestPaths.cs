namespace FaceCluster.Tests.Support;

/// <summary>Where the tests find the repository, the set-up outputs and the shared data sets (never copied into the repo).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    /// <summary>The npm package that set-up fetched and verified; its model/ folder holds the tfjs weights.</summary>
    public static string FaceApiPackage => Path.Combine(RepositoryRoot, ".cache", "faceapi", "package");

    public static string FaceApiWeights => Path.Combine(FaceApiPackage, "model");

    /// <summary>human-models' graph models (model.json + .bin) as set-up unpacked them.</summary>
    public static string HumanModels => Path.Combine(RepositoryRoot, ".cache", "human-models", "package", "models");

    /// <summary>The six demo photos set-up extracts from the face-api.js package.</summary>
    public static string SamplePhotos => Path.Combine(RepositoryRoot, "samples", "photos");

    public static string Shared => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    public static string Lfw => Path.Combine(Shared, "lfw");

    public static string LfwImages => Path.Combine(Lfw, "images");

    public static string SharedModels => Path.Combine(Shared, "models");

    /// <summary>The profile commands use without <c>--profile</c>: the repository's appsettings.json <c>Profile</c>.</summary>
    public static string DefaultProfile => DefaultProfileName.Value;

    private static readonly Lazy<string> DefaultProfileName = new(() =>
        FaceCluster.Configuration.SettingsLoader.Load(Path.Combine(RepositoryRoot, "appsettings.json")).Profile);

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    /// <summary>
    /// Resolves a fixture image reference: "samples/..." is relative to the repository, "lfw:Name/Name_0001.jpg"
    /// to ../shared/lfw/images.
    /// </summary>
    public static string ResolveImage(string reference) =>
        reference.StartsWith("lfw:", StringComparison.Ordinal)
            ? Path.Combine(LfwImages, reference["lfw:".Length..])
            : Path.Combine(RepositoryRoot, reference);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FaceCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"FaceCluster.sln not found above {AppContext.BaseDirectory}.");
    }
}
