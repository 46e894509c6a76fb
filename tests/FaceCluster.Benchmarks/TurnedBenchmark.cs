using System.Diagnostics;
using FaceCluster.Analysis;
using FaceCluster.Decoding;

namespace FaceCluster.Benchmarks;

/// <summary>
/// LFW photos turned a quarter clockwise without an orientation tag: the share in which the analyzer finds a face, with
/// and without Detector:RotationRetry, next to the same photos upright, and the detection time per photo.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- turned [--images 500] [--turns 1]
/// </summary>
internal static class TurnedBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        var count = args.Int("images", 500);
        var turns = args.Int("turns", 1);
        args.RejectUnknown();
        var files = Directory.GetFiles(Path.Combine(BenchmarkEnvironment.Lfw, "images"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        // Every k-th file, so the subset spans the alphabet of people.
        var step = Math.Max(1, files.Count / count);
        var chosen = files.Where((_, i) => i % step == 0).Take(count).ToList();
        var images = chosen.Select(f => PhotoDecoder.Default.Load(f)).ToList();
        var turned = images.Select(i => QuarterTurns.Turn(i, turns)).ToList();

        Console.WriteLine($"{chosen.Count} LFW photos turned {turns} quarter turn(s) clockwise, no orientation tag; {BenchmarkEnvironment.Machine()}");
        Measure("upright photos, retry on", images, retry: true);
        Measure("turned photos, retry off", turned, retry: false);
        Measure("turned photos, retry on", turned, retry: true);
        return 0;
    }

    private static void Measure(string label, IReadOnlyList<Imaging.RgbImage> images, bool retry)
    {
        using var models = FaceModels.Load(BenchmarkEnvironment.Settings(new Dictionary<string, string?>
        {
            ["Profiles:faceapi:Detector:RotationRetry"] = retry ? "true" : "false",
        }), "faceapi");
        var analyzer = new FaceAnalyzer(models);
        var found = 0;
        var byTurn = new int[4];
        var bestScores = new List<float>();
        var clock = Stopwatch.StartNew();
        foreach (var image in images)
        {
            var faces = analyzer.Detect(image);
            if (faces.Count > 0)
            {
                found++;
                byTurn[faces[0].QuarterTurns]++;
                bestScores.Add(faces.Max(f => f.Score));
            }
        }

        clock.Stop();
        Console.WriteLine($"  {label,-26} face found in {found / (double)images.Count:P2} ({found}/{images.Count}; found at turn 0/1/2/3: " +
            $"{string.Join('/', byTurn)}), detection {clock.Elapsed.TotalMilliseconds / images.Count:0.0} ms/photo");
        bestScores.Sort();
        if (bestScores.Count > 0)
        {
            var quantiles = new[] { 0.05, 0.1, 0.25, 0.5 }.Select(q => $"{q:P0} {bestScores[(int)(q * (bestScores.Count - 1))]:0.000}");
            Console.WriteLine($"    best face score of the photos with a face: {string.Join(", ", quantiles)}; " +
                $"under 0.8 {bestScores.Count(s => s < 0.8f)}, under 0.9 {bestScores.Count(s => s < 0.9f)}");
        }
    }
}
