using System.Diagnostics;
using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Ingest throughput on LFW (250x250) and on generated 12-megapixel JPEGs: images/s, faces/s, busy seconds per stage,
/// the embed stage's throughput as a fraction of the bare session on the same batch size, peak memory, and the share
/// of LFW images in which a face was found.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- ingest [--lfw 2000|all|0] [--large 24] [--reduced 1000] [--profile NAME]
/// (0 skips a set; --reduced 0 decodes the large JPEGs at full size, as before reduced decoding).
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        var lfwCount = args.String("lfw", "2000");
        var largeCount = args.Int("large", 24);
        var reduced = args.String("reduced", "");
        var settings = BenchmarkEnvironment.Settings(reduced == "" ? null : new Dictionary<string, string?> { ["Ingest:ReducedDecodeSide"] = reduced });
        var profile = args.String("profile", settings.Profile);
        args.RejectUnknown();
        using var models = FaceModels.Load(settings, profile);
        var work = Path.Combine(Path.GetTempPath(), "facecluster-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        Console.WriteLine($"ingest benchmark on {BenchmarkEnvironment.Machine()}, profile {profile}, reduced decode side {settings.Ingest.ReducedDecodeSide}");
        try
        {
            var lfw = Directory.GetFiles(Path.Combine(BenchmarkEnvironment.Lfw, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            var take = lfwCount == "all" ? lfw.Count : Math.Min(lfw.Count, int.Parse(lfwCount, System.Globalization.CultureInfo.InvariantCulture));
            var lfwRoot = Path.Combine(work, "lfw");
            foreach (var file in lfw.Take(take))
            {
                var target = Path.Combine(lfwRoot, Path.GetFileName(Path.GetDirectoryName(file)!), Path.GetFileName(file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.CreateSymbolicLink(target, file);
            }

            if (take > 0)
            {
                await Measure("LFW 250x250", lfwRoot, Path.Combine(work, "lfw.db"), models, settings, reportFound: true);
            }

            if (largeCount > 0)
            {
                var largeRoot = Path.Combine(work, "large");
                MakeLargeJpegs(largeRoot, largeCount);
                await Measure("12 MP JPEG", largeRoot, Path.Combine(work, "large.db"), models, settings, reportFound: false);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        Console.WriteLine($"peak working set {BenchmarkEnvironment.PeakMegabytes():0} MB");
        return 0;
    }

    private static async Task Measure(string label, string root, string database, FaceModels models, Configuration.FaceClusterSettings settings, bool reportFound)
    {
        using var store = SqliteFaceStore.Open(database);
        var pipeline = new IngestPipeline(store, models, settings.Ingest);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (gen0, gen2, pause) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var clock = Stopwatch.StartNew();
        var summary = await pipeline.RunAsync([root], prune: false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var run = summary.Run;
        var stages = string.Join(", ", run.StageSeconds.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:0.0}s"));
        Console.WriteLine($"{label}: {run.FilesNew} images, {run.FacesAdded} faces in {seconds:0.0}s = {run.FilesNew / seconds:0.0} images/s, {run.FacesAdded / seconds:0.0} faces/s");
        var perPhoto = string.Join(", ", run.StageSeconds.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value * 1000 / Math.Max(1, run.FilesNew):0}"));
        Console.WriteLine($"  busy seconds per stage: {stages}; peak working set so far {BenchmarkEnvironment.PeakMegabytes():0} MB");
        Console.WriteLine($"  busy ms per photo: {perPhoto}");
        // On a machine shared with other work the wall clock stretches; the process's CPU time much less so.
        Console.WriteLine($"  process CPU {cpu:0.0}s = {cpu * 1000 / Math.Max(1, run.FilesNew):0} ms per photo: {Environment.ProcessorCount * run.FilesNew / Math.Max(1e-9, cpu):0.0} images/s if all {Environment.ProcessorCount} cores were this run's alone");
        Console.WriteLine($"  garbage collections: {GC.CollectionCount(0) - gen0} (gen 2: {GC.CollectionCount(2) - gen2}), paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:0} ms");

        var profile = models.Profile.Embedder;
        var bare = EmbedBenchmark.Measure(settings.ResolveModelPath(profile.Model), profile, settings.Pipeline.IntraOpThreads, profile.BatchSize, 3, jitter: true);
        var inPipeline = run.FacesAdded / Math.Max(1e-9, run.StageSeconds.GetValueOrDefault("embed"));
        Console.WriteLine($"  embed stage {inPipeline:0.0} faces/s vs bare session {bare:0.0} faces/s at batch {profile.BatchSize} = {inPipeline / bare:P0}");

        if (reportFound)
        {
            var withFace = store.ReadFaces(models.ProfileName).Select(f => f.PhotoId).Distinct().Count();
            Console.WriteLine($"  face found in {withFace}/{run.FilesNew} images = {(double)withFace / run.FilesNew:P2}");
        }
    }

    /// <summary>
    /// The benchmark's 12 MP photos alone, for timing other programs on them (tools/reference/speed.sh):
    ///   large-jpegs --out DIR [--count 12]
    /// </summary>
    public static int WriteLargeJpegs(BenchmarkArguments args)
    {
        var folder = args.String("out", "");
        var count = args.Int("count", 12);
        args.RejectUnknown();
        if (folder == "")
        {
            throw new ArgumentException("large-jpegs needs --out DIR");
        }

        MakeLargeJpegs(folder, count);
        return 0;
    }

    /// <summary>4000x3000 JPEGs (quality 90) made by upscaling the sample photos, with EXIF orientation left in place.</summary>
    internal static void MakeLargeJpegs(string root, int count)
    {
        Directory.CreateDirectory(root);
        var samples = Directory.GetFiles(Path.Combine(BenchmarkEnvironment.RepositoryRoot, "samples", "photos"), "*.jpg").Order(StringComparer.Ordinal).ToList();
        var encoder = new JpegEncoder { Quality = 90 };
        for (var i = 0; i < count; i++)
        {
            using var image = Image.Load(samples[i % samples.Count]);
            image.Mutate(x => x.Resize(4000, 3000));
            image.SaveAsJpeg(Path.Combine(root, $"large-{i:D3}.jpg"), encoder);
        }
    }
}
