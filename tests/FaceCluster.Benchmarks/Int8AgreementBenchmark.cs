using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Evaluation;
using FaceCluster.Lfw;

namespace FaceCluster.Benchmarks;

/// <summary>
/// How far the int8 models move what the float profile computes, one model at a time: on LFW pair images, the squared
/// L2 distance between each centre face's float embedding and its embedding with the int8 detector only, the int8
/// recogniser only, and both (the faceapi-int8 profile), and how many centre faces each finds.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- int8-agreement [--photos 300] [--list FILE] [--detector MODEL]
/// </summary>
internal static class Int8AgreementBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        var count = args.Int("photos", 300);
        var list = args.String("list", "");
        var detector = args.String("detector", "ssd_mobilenetv1.int8.onnx");
        args.RejectUnknown();
        var images = Path.Combine(BenchmarkEnvironment.Lfw, "images");
        var pairs = LfwPairsFile.Parse(Path.Combine(BenchmarkEnvironment.Lfw, "pairs.txt"), images);
        var photos = pairs.Pairs.SelectMany(p => new[] { p.PathA, p.PathB }).Distinct().Order(StringComparer.Ordinal)
            .Where((_, i) => i % 7 == 0).Take(count).ToList();
        if (list != "")
        {
            photos = File.ReadAllLines(list).Where(l => l.Length > 0).ToList();
        }

        var variants = new (string Label, IReadOnlyDictionary<string, string?> Overrides)[]
        {
            ("int8 detector only", new Dictionary<string, string?> { ["Profiles:faceapi-int8:Embedder:Model"] = "face_recognition.onnx", ["Profiles:faceapi-int8:Detector:Model"] = detector }),
            ("int8 recogniser only", new Dictionary<string, string?> { ["Profiles:faceapi-int8:Detector:Model"] = "ssd_mobilenetv1.onnx" }),
            ("both (faceapi-int8)", new Dictionary<string, string?> { ["Profiles:faceapi-int8:Detector:Model"] = detector }),
        };

        using var reference = FaceModels.Load(BenchmarkEnvironment.Settings(), "faceapi");
        var expected = CentreEmbeddings(new FaceAnalyzer(reference), photos);
        Console.WriteLine($"int8 agreement on {photos.Count} LFW pair images: float profile found {expected.Count(e => e is not null)} centre faces");
        foreach (var (label, overrides) in variants)
        {
            using var models = FaceModels.Load(BenchmarkEnvironment.Settings(overrides), "faceapi-int8");
            var actual = CentreEmbeddings(new FaceAnalyzer(models), photos);
            var distances = expected.Zip(actual).Where(p => p.First is not null && p.Second is not null)
                .Select(p => p.First!.Zip(p.Second!, (a, b) => (double)(a - b) * (a - b)).Sum()).Order().ToList();
            double At(double q) => distances[(int)Math.Min(distances.Count - 1, q * distances.Count)];
            Console.WriteLine($"  {label}: {actual.Count(e => e is not null)} centre faces; squared L2 to float: median {At(0.5):F4}, p90 {At(0.9):F4}, p99 {At(0.99):F4}, max {distances[^1]:F4}");
        }

        return 0;
    }

    private static List<float[]?> CentreEmbeddings(FaceAnalyzer analyzer, IReadOnlyList<string> photos) =>
        photos.Select(path =>
        {
            var image = PhotoDecoder.Default.Load(path);
            var faces = analyzer.Analyze(image);
            var centre = faces.Where(f => f.Box.Contains(image.Width / 2f, image.Height / 2f)).MaxBy(f => f.Score);
            return centre?.Embedding;
        }).ToList();
}
