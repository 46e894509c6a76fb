using System.Diagnostics;
using FaceCluster.Decoding;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Decode time of one photo of a given size in each format FaceCluster reads, through <see cref="PhotoDecoder"/> (the
/// ingest path): JPEG, PNG and WebP with ImageSharp, HEIC and AVIF with Magick.NET (written by Debian's heif-enc), and
/// the JPEG also at each reduced decode side given (Magick.NET's DCT scaling; 0 = full size with ImageSharp).
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- decode [--width 4000] [--height 3000] [--repeat 5] [--reduced 0,1000,2000]
/// </summary>
internal static class DecodeBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        var width = args.Int("width", 4000);
        var height = args.Int("height", 3000);
        var repeat = args.Int("repeat", 5);
        var reducedSides = args.String("reduced", "0,1000,2000").Split(',').Select(int.Parse).ToList();
        args.RejectUnknown();
        var work = Directory.CreateTempSubdirectory("facecluster-decode-").FullName;
        try
        {
            var png = Path.Combine(work, "photo.png");
            using (var image = Image.Load(Path.Combine(BenchmarkEnvironment.RepositoryRoot, "samples", "photos", "sample1.jpg")))
            {
                image.Mutate(x => x.Resize(width, height));
                image.Save(png, new PngEncoder());
                image.Save(Path.Combine(work, "photo.jpg"), new JpegEncoder { Quality = 90 });
                image.Save(Path.Combine(work, "photo.webp"), new WebpEncoder { Quality = 90 });
            }

            foreach (var heif in new[] { "photo.heic", "photo.avif" })
            {
                using var encode = Process.Start(new ProcessStartInfo("heif-enc", ["-q", "90", "-o", Path.Combine(work, heif), png]) { RedirectStandardOutput = true })!;
                encode.StandardOutput.ReadToEnd();
                encode.WaitForExit();
            }

            Console.WriteLine($"decode of one {width}x{height} photo ({width * height / 1e6:0.0} MP), best of {repeat}, one thread; {BenchmarkEnvironment.Machine()}");
            var files = new[] { "photo.jpg", "photo.png", "photo.webp", "photo.heic", "photo.avif" }.Select(f => Path.Combine(work, f)).Where(File.Exists);
            foreach (var (file, reducedSide) in files.SelectMany(f => (f.EndsWith(".jpg", StringComparison.Ordinal) ? reducedSides : [0]).Select(r => (f, r))))
            {
                var bytes = File.ReadAllBytes(file);
                var best = double.MaxValue;
                for (var i = 0; i < repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var decoded = PhotoDecoder.Default.DecodeForFaces(bytes, file, reducedSide);
                    best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                    GC.KeepAlive(decoded);
                }

                var size = PhotoDecoder.Default.DecodeForFaces(bytes, file, reducedSide).Image;
                Console.WriteLine($"  {Path.GetExtension(file),-6} {bytes.Length / 1e6,6:0.00} MB  {best,7:0} ms  decoded at {size.Width}x{size.Height}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }
}
