using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Grouping;

/// <summary>
/// A real library for grouping tests: photos of LFW people with at least five images (capped per person so the default
/// test run stays short), ingested once with the real pipeline. Tests copy the database so each starts clean.
/// </summary>
public sealed class LfwLibraryFixture : IDisposable
{
    public const int People = 40;
    public const int MaxPerPerson = 8;

    private readonly TempDirectory _temp = new();

    public LfwLibraryFixture()
    {
        var installed = new InstalledModels();
        Library = Path.Combine(_temp.Path, "photos");
        var people = Directory.GetDirectories(TestPaths.LfwImages)
            .Select(d => (Dir: d, Files: Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToArray()))
            .Where(p => p.Files.Length >= 5)
            .OrderBy(p => Path.GetFileName(p.Dir), StringComparer.Ordinal)
            .Take(People)
            .ToList();
        foreach (var (dir, files) in people)
        {
            var target = Path.Combine(Library, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            foreach (var file in files.Take(MaxPerPerson))
            {
                File.CreateSymbolicLink(Path.Combine(target, Path.GetFileName(file)), file);
            }
        }

        Database = Path.Combine(_temp.Path, "lfw.db");
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(Database);
        new IngestPipeline(store, models, new IngestOptions()).RunAsync([Library], prune: false).GetAwaiter().GetResult();
        Installed = installed;
    }

    public InstalledModels Installed { get; }

    public string Library { get; }

    public string Database { get; }

    /// <summary>A private copy of the ingested library for one test.</summary>
    public string CopyDatabase(TempDirectory into, string name = "library.db")
    {
        var copy = into.File(name);
        using (var source = SqliteFaceStore.Open(Database))
        {
            source.Checkpoint();
        }

        File.Copy(Database, copy);
        return copy;
    }

    /// <summary>The LFW person a face belongs to, from its folder name.</summary>
    public static string TruthOf(string photoPath) => Path.GetFileName(Path.GetDirectoryName(photoPath))!;

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(Name)]
public sealed class LfwLibraryCollection : ICollectionFixture<LfwLibraryFixture>
{
    public const string Name = "LFW library";
}
