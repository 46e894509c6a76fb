using System.Diagnostics;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Imaging;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Where one photo's time goes: each step of the shipped profile run one after the other on one thread (the ONNX
/// sessions use their own threads as configured), timed in wall and process CPU milliseconds per photo, on the ingest
/// benchmark's 12 MP JPEGs and on LFW photos. Unlike the pipeline's busy times, steps do not overlap, so a loaded
/// machine inflates them less and they add up. Also prints how long loading the models (the ONNX sessions) takes.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- steps [--large 12] [--lfw 100] [--profile NAME]
/// </summary>
internal static class StepsBenchmark
{
    private static readonly string[] Steps = ["decode", "detect", "regions", "align", "embed"];

    public static int Run(BenchmarkArguments args)
    {
        var largeCount = args.Int("large", 12);
        var lfwCount = args.Int("lfw", 100);
        var settings = BenchmarkEnvironment.Settings();
        var profile = args.String("profile", settings.Profile);
        args.RejectUnknown();
        var startCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var startClock = Stopwatch.StartNew();
        using var models = FaceModels.Load(settings, profile);
        var (loadWall, loadCpu) = (startClock.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - startCpu).TotalMilliseconds);
        var analyzer = new FaceAnalyzer(models);
        var decoder = new PhotoDecoder(settings.Ingest.Limits);
        var work = Directory.CreateTempSubdirectory("facecluster-steps-").FullName;
        Console.WriteLine($"steps benchmark on {BenchmarkEnvironment.Machine()}, profile {profile}, one photo at a time");
        Console.WriteLine($"models loaded (ONNX sessions created) in {loadWall:0} ms wall, {loadCpu:0} ms CPU");
        try
        {
            IngestBenchmark.MakeLargeJpegs(work, largeCount);
            var large = Directory.GetFiles(work, "*.jpg").Order(StringComparer.Ordinal).ToList();
            var lfw = Directory.GetFiles(Path.Combine(BenchmarkEnvironment.Lfw, "images"), "*.jpg", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal).Take(lfwCount).ToList();
            // One pass first so that every step is jitted at full optimisation before timing.
            Measure(analyzer, decoder, settings.Ingest.ReducedDecodeSide, [.. large.Take(2), .. lfw.Take(2)]);
            Report("12 MP JPEG", large.Count, Measure(analyzer, decoder, settings.Ingest.ReducedDecodeSide, large));
            Report("LFW 250x250", lfw.Count, Measure(analyzer, decoder, settings.Ingest.ReducedDecodeSide, lfw));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    private static Dictionary<string, (double Wall, double Cpu)> Measure(FaceAnalyzer analyzer, PhotoDecoder decoder, int reducedSide, IReadOnlyList<string> files)
    {
        var totals = Steps.ToDictionary(s => s, _ => (Wall: 0.0, Cpu: 0.0));
        T Time<T>(string step, Func<T> run)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var result = run();
            var (wall, used) = (clock.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            totals[step] = (totals[step].Wall + wall, totals[step].Cpu + used);
            return result;
        }

        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            var decoded = Time("decode", () => decoder.DecodeForFaces(bytes, file, reducedSide));
            var photo = decoded.IsReduced
                ? new DecodedPhoto(decoded.Image, decoded.Width, decoded.Height, request => Time("regions", () => decoded.Decode(request)))
                : decoded;
            var detections = Time("detect", () => analyzer.Detect(photo));
            var regionsBefore = totals["regions"];
            var faces = Time("align", () => analyzer.Align(photo, detections));
            // Align's time includes the region decode it asked for; count that once, under regions.
            totals["align"] = (totals["align"].Wall - (totals["regions"].Wall - regionsBefore.Wall), totals["align"].Cpu - (totals["regions"].Cpu - regionsBefore.Cpu));
            Time("embed", () => analyzer.Embed(faces));
            FaceAnalyzer.Release(faces);
        }

        return totals;
    }

    private static void Report(string label, int photos, Dictionary<string, (double Wall, double Cpu)> totals)
    {
        var steps = string.Join(", ", Steps.Select(s => $"{s} {totals[s].Wall / photos:0}/{totals[s].Cpu / photos:0}"));
        var wall = totals.Values.Sum(t => t.Wall) / photos;
        var cpu = totals.Values.Sum(t => t.Cpu) / photos;
        Console.WriteLine($"{label}, {photos} photos, ms per photo wall/CPU: {steps}; all {wall:0}/{cpu:0}");
    }
}
