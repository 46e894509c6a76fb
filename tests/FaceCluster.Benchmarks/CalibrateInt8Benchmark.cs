using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Evaluation;
using FaceCluster.Onnx.Quantization;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Measures the activation ranges the int8 detector and recogniser are quantized with (<see cref="Int8Quantizer"/>) and
/// writes them beside the converters, where set-up reads them. The photos are LFW photos of people who appear nowhere in
/// pairs.txt, so the verification benchmark never sees a calibration face; the detector sees each whole photo as
/// <see cref="SsdMobilenetV1Detector"/> packs it, the recogniser each face aligned by the float profile.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- calibrate-int8 [--photos 400]
/// </summary>
internal static class CalibrateInt8Benchmark
{
    public static string RangesDirectory => Path.Combine(BenchmarkEnvironment.RepositoryRoot, "src", "FaceCluster.Core", "Models", "FaceApi", "Int8");

    public static int Run(BenchmarkArguments args)
    {
        var count = args.Int("photos", 400);
        args.RejectUnknown();
        var settings = BenchmarkEnvironment.Settings();
        var images = Path.Combine(BenchmarkEnvironment.Lfw, "images");
        var pairs = LfwPairsFile.Parse(Path.Combine(BenchmarkEnvironment.Lfw, "pairs.txt"), images);
        var inPairs = pairs.Pairs.SelectMany(p => new[] { p.PathA, p.PathB })
            .Select(p => Path.GetFileName(Path.GetDirectoryName(p))!).ToHashSet(StringComparer.Ordinal);
        var candidates = Directory.GetFiles(images, "*.jpg", SearchOption.AllDirectories)
            .Where(p => !inPairs.Contains(Path.GetFileName(Path.GetDirectoryName(p))!))
            .Order(StringComparer.Ordinal).ToList();
        var step = Math.Max(1, candidates.Count / count);
        var photos = candidates.Where((_, i) => i % step == 0).Take(count).ToList();
        var calibratedOn = $"{photos.Count} LFW photos of people outside pairs.txt (one in {step} of {candidates.Count}, sorted by path)";
        Console.WriteLine($"calibrating on {calibratedOn}");

        using var models = FaceModels.Load(settings, "faceapi");
        var analyzer = new FaceAnalyzer(models);
        using var detector = new ActivationCalibrator(Folded(settings.ResolveModelPath("ssd_mobilenetv1.onnx")));
        using var recogniser = new ActivationCalibrator(Folded(settings.ResolveModelPath("face_recognition.onnx")));
        var detectorInput = new float[SsdMobilenetV1Detector.InputLength];
        var faces = 0;
        foreach (var path in photos)
        {
            var image = PhotoDecoder.Default.Load(path);
            SsdMobilenetV1Detector.PackInput(image, detectorInput);
            detector.Observe(detectorInput, [1, 3, 512, 512]);
            var aligned = analyzer.Align(image, analyzer.Detect(image));
            foreach (var face in aligned)
            {
                var input = face.Input.ToArray();
                var side = (long)Math.Sqrt(input.Length / 3);
                recogniser.Observe(input, [1, 3, side, side]);
                faces++;
            }

            FaceAnalyzer.Release(aligned);
        }

        Directory.CreateDirectory(RangesDirectory);
        Write(detector.Ranges("ssd_mobilenetv1.onnx", calibratedOn), "ssd_mobilenetv1.ranges.json");
        Write(recogniser.Ranges("face_recognition.onnx", $"{faces} faces aligned from {calibratedOn}"), "face_recognition.ranges.json");
        return 0;
    }

    private static ModelProto Folded(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        BatchNormFolding.Fold(model.Graph);
        return model;
    }

    private static void Write(ActivationRanges ranges, string file)
    {
        var path = Path.Combine(RangesDirectory, file);
        File.WriteAllText(path, ranges.ToJson() + "\n");
        Console.WriteLine($"{ranges.Tensors.Count} activation ranges -> {path}");
    }
}
