using System.Diagnostics;
using System.Globalization;
using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Ingest photos/s on the same LFW photos into SQLite (one writer), and into PostgreSQL with 1 and 2 workers sharing
/// the claim queue (each worker a pipeline with its own models and store, as separate processes would have).
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- workers [--photos 200] [--jitter 0] [--pg CONNECTION]
/// Without --pg a throwaway PostgreSQL is started (initdb, Unix socket), as the tests do.
/// </summary>
internal static class WorkersBenchmark
{
    public const string OptionsHelp = "[--photos 200] [--jitter N (default: the profile's)] [--pg CONNECTION (default: a throwaway server)]";

    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        var count = args.Int("photos", 200);
        var jitter = args.String("jitter", "");
        var given = args.String("pg", "");
        args.RejectUnknown();
        var settings = BenchmarkEnvironment.Settings(jitter.Length > 0 ? new Dictionary<string, string?> { ["Profiles:faceapi:Embedder:Jitter"] = jitter } : null);
        var work = Path.Combine(Path.GetTempPath(), "facecluster-workers-" + Environment.ProcessId);
        var photos = Path.Combine(work, "photos");
        Directory.CreateDirectory(photos);
        using var server = given.Length > 0 ? null : new PostgresServer();
        Console.WriteLine($"workers benchmark on {BenchmarkEnvironment.Machine()}, {count} LFW photos, jitter {settings.GetProfile("faceapi").Embedder.Jitter}");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(BenchmarkEnvironment.Lfw, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(count))
            {
                File.CreateSymbolicLink(Path.Combine(photos, Path.GetFileName(file)), file);
            }

            await Measure("SQLite, 1 writer", [Path.Combine(work, "lib.db")], photos, settings);
            foreach (var workers in new[] { 1, 2 })
            {
                var database = given.Length > 0 ? given : server!.CreateDatabase();
                await Measure($"PostgreSQL, {workers} worker(s)", [.. Enumerable.Repeat(database, workers)], photos, settings);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    private static async Task Measure(string label, IReadOnlyList<string> libraries, string photos, Configuration.FaceClusterSettings settings)
    {
        var stores = libraries.Select(l => LibraryStores.Open(LibraryLocation.Parse(l), mayCreate: true)).ToList();
        var models = libraries.Select(_ => FaceModels.Load(settings, "faceapi")).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            var runs = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => new IngestPipeline(store, models[i], settings.Ingest).RunAsync([photos], prune: false))));
            var seconds = clock.Elapsed.TotalSeconds;
            var stored = runs.Sum(r => r.Run.FilesNew);
            var faces = runs.Sum(r => r.Run.FacesAdded);
            var each = string.Join(", ", runs.Select(r => r.Run.FilesNew.ToString(CultureInfo.InvariantCulture)));
            Console.WriteLine($"{label}: {stored} photos ({each}), {faces} faces in {seconds:0.0}s = {stored / seconds:0.00} photos/s");
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
            models.ForEach(m => m.Dispose());
        }
    }
}
