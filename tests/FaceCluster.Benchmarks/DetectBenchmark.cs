using System.Diagnostics;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Models;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Detector speed and the share of LFW images with a face at several score thresholds (max detection score per image).
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- detect [--images 2000] [--threads 0] [--profile NAME]
/// </summary>
internal static class DetectBenchmark
{
    private static readonly float[] Thresholds = [0.5f, 0.4f, 0.3f, 0.2f, 0.15f, 0.1f];

    public static int Run(BenchmarkArguments args)
    {
        var count = args.Int("images", 2000);
        var threads = args.Int("threads", 0);
        var settings = BenchmarkEnvironment.Settings();
        var profile = settings.GetProfile(args.String("profile", settings.Profile));
        args.RejectUnknown();
        using var options = OnnxSessionFactory.CreateOptions(threads);
        using var detector = new SsdMobilenetV1Detector(settings.ResolveModelPath(profile.Detector.Model),
            new SsdMobilenetV1Options { MinConfidence = 0.05f }, options);
        var files = Directory.GetFiles(Path.Combine(BenchmarkEnvironment.Lfw, "images"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToList();
        // Every k-th file, so a subset still spans the alphabet of people.
        var step = Math.Max(1, files.Count / count);
        var chosen = files.Where((_, i) => i % step == 0).Take(count).ToList();
        var best = new List<float>(chosen.Count);
        int retried = 0, recovered = 0;
        var detect = Stopwatch.StartNew();
        detect.Stop();
        foreach (var file in chosen)
        {
            var image = PhotoDecoder.Default.Load(file);
            detect.Start();
            var faces = detector.Detect(image);
            detect.Stop();
            var score = faces.Count == 0 ? 0 : faces.Max(f => f.Score);
            if (score <= 0.5f)
            {
                var padded = Pad(image, image.Width / 2);
                var retry = detector.Detect(padded);
                retried++;
                var second = retry.Count == 0 ? 0 : retry.Max(f => f.Score);
                if (second > 0.5f)
                {
                    recovered++;
                }
            }

            best.Add(score);
        }

        Console.WriteLine($"  retry with the photo centred on a canvas twice its size: {recovered}/{retried} misses recovered at 0.5");

        Console.WriteLine($"detector on {chosen.Count} LFW images, {BenchmarkEnvironment.Machine()}, intra-op threads {threads}: " +
            $"{detect.Elapsed.TotalMilliseconds / chosen.Count:0.0} ms/image");
        foreach (var t in Thresholds)
        {
            Console.WriteLine($"  MinScore {t:0.00}: face found in {best.Count(s => s > t) / (double)best.Count:P2}");
        }

        return 0;
    }

    private static FaceCluster.Imaging.RgbImage Pad(FaceCluster.Imaging.RgbImage image, int border)
    {
        var width = image.Width + 2 * border;
        var height = image.Height + 2 * border;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < image.Height; y++)
        {
            image.Pixels.Slice(y * image.Width * 3, image.Width * 3).CopyTo(pixels.AsSpan(((y + border) * width + border) * 3));
        }

        return new FaceCluster.Imaging.RgbImage(width, height, pixels);
    }
}
