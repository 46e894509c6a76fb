using System.Diagnostics;
using FaceCluster.Embedding;
using FaceCluster.Models;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Faces per second of the bare embedders (face-api recogniser and FaceNet's InceptionResnetV1 architecture) at batch
/// 1, 8 and 32 with 1 and 2 intra-op threads, on pre-made random tensors; then the faceapi profile as configured (with
/// its jittered views: the cost per face that ingest pays).
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- embed [--seconds 3]
/// </summary>
internal static class EmbedBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        var seconds = args.Double("seconds", 3);
        args.RejectUnknown();
        var settings = BenchmarkEnvironment.Settings();
        Console.WriteLine($"embed benchmark on {BenchmarkEnvironment.Machine()}, {seconds:0.#} s per cell");
        Console.WriteLine($"{"profile",-15} {"threads",7} {"batch",5} {"faces/s",9} {"ms/face",8}");
        foreach (var profileName in new[] { "faceapi", "facenet-random" })
        {
            var profile = settings.GetProfile(profileName);
            foreach (var threads in new[] { 1, 2 })
            {
                foreach (var batch in new[] { 1, 8, 32 })
                {
                    var rate = Measure(settings.ResolveModelPath(profile.Embedder.Model), profile.Embedder, threads, batch, seconds);
                    Console.WriteLine($"{profileName,-15} {threads,7} {batch,5} {rate,9:0.0} {1000 / rate,8:0.00}");
                }
            }
        }

        var configured = settings.GetProfile("faceapi").Embedder;
        foreach (var threads in new[] { 1, 2 })
        {
            using var options = OnnxSessionFactory.CreateOptions(threads);
            using var embedder = new OnnxFaceEmbedder(settings.ResolveModelPath(configured.Model), configured, options);
            var rate = Rate(embedder, embedder.Capacity, seconds);
            Console.WriteLine($"{$"faceapi, {embedder.Views} views",-15} {threads,7} {embedder.Capacity,5} {rate,9:0.0} {1000 / rate,8:0.00}");
        }

        return 0;
    }

    /// <summary>
    /// Bare-session faces/s for a profile at a batch size (model inputs per call): the yardstick the ingest benchmark
    /// compares against. <paramref name="jitter"/> keeps the profile's jittered views, so each face costs that many inputs.
    /// </summary>
    public static double Measure(string model, Configuration.EmbedderProfile profile, int threads, int batch, double seconds, bool jitter = false)
    {
        var withBatch = profile with { BatchSize = batch, Jitter = jitter ? profile.Jitter : 0 };
        using var options = OnnxSessionFactory.CreateOptions(threads);
        using var embedder = new OnnxFaceEmbedder(model, withBatch, options);
        return Rate(embedder, Math.Min(batch, embedder.Capacity), seconds);
    }

    private static double Rate(OnnxFaceEmbedder embedder, int batch, double seconds)
    {
        var random = new Random(42);
        for (var i = 0; i < batch; i++)
        {
            var slot = embedder.InputSlot(i);
            for (var j = 0; j < slot.Length; j++)
            {
                slot[j] = (float)(random.NextDouble() * 2 - 1);
            }
        }

        var output = new float[batch * embedder.Dimension];
        embedder.Run(batch, output);
        var faces = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            embedder.Run(batch, output);
            faces += batch;
        }

        return faces / clock.Elapsed.TotalSeconds;
    }
}
