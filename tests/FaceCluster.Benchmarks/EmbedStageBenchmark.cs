using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Detection;
using FaceCluster.Embedding;
using FaceCluster.Landmarks;
using FaceCluster.Pipeline;
using FaceCluster.Scanning;

namespace FaceCluster.Benchmarks;

/// <summary>
/// The ingest pipeline's embed stage (channels, cross-photo batching, buffer copies, result records) fed pre-made
/// aligned tensors, against the bare ONNX Runtime session(s) on the same tensors at the same batch size. With
/// <c>--profile</c> any profile, fused ones included (each face runs every embedder): run it for the shipped profile
/// before and after a change of default to compare faces/s.
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- embed-stage [--faces 2000] [--threads 1] [--profile faceapi]
/// </summary>
internal static class EmbedStageBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments args)
    {
        var total = args.Int("faces", 2000);
        var threads = args.Int("threads", 1);
        var profile = args.String("profile", "faceapi");
        args.RejectUnknown();
        var settings = BenchmarkEnvironment.Settings(new Dictionary<string, string?> { ["Pipeline:IntraOpThreads"] = threads.ToString(CultureInfo.InvariantCulture) });
        using var models = FaceModels.Load(settings, profile);
        var embedder = models.Embedder;
        var length = embedder.InputLength;
        var tensor = new float[length];
        var random = new Random(7);
        for (var i = 0; i < length; i++)
        {
            tensor[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var bare = Bare(embedder, tensor, total);
        var staged = await Staged(new FaceAnalyzer(models), profile, tensor, total);
        var views = string.Join(" + ", embedder.Parts.Select(p => $"{p.Name} x{p.Embedder.Views}"));
        Console.WriteLine($"embed stage, profile {profile} ({views}), on pre-made tensors ({total} faces, 1-3 per photo, intra-op threads {threads}, batch {embedder.Capacity}): " +
            $"{staged:0.0} faces/s vs bare session {bare:0.0} faces/s = {staged / bare:P1}");
        return 0;
    }

    private static double Bare(FusedEmbedder embedder, float[] tensor, int total)
    {
        var output = new float[embedder.Capacity * embedder.Dimension];
        for (var i = 0; i < embedder.Capacity; i++)
        {
            embedder.Load(i, tensor);
        }

        embedder.Run(embedder.Capacity, output);
        var clock = Stopwatch.StartNew();
        for (var done = 0; done < total; done += embedder.Capacity)
        {
            embedder.Run(Math.Min(embedder.Capacity, total - done), output);
        }

        return total / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> Staged(FaceAnalyzer analyzer, string profile, float[] tensor, int total)
    {
        var input = Channel.CreateBounded<PhotoWork>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.Wait });
        var output = Channel.CreateBounded<PhotoWork>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.Wait });
        var stage = new EmbedStage(analyzer, profile, TimeSpan.FromMilliseconds(500), new StageClock());
        var landmarks = new FaceLandmarks(Enumerable.Repeat(new Point2(0, 0), 68).ToImmutableArray());
        var clock = Stopwatch.StartNew();
        var running = stage.RunAsync(input.Reader, output.Writer, CancellationToken.None);
        var draining = Task.Run(async () =>
        {
            var faces = 0;
            await foreach (var work in output.Reader.ReadAllAsync())
            {
                faces += work.Outcome!.Faces!.Count;
            }

            return faces;
        });
        for (int photo = 0, sent = 0; sent < total; photo++)
        {
            var count = Math.Min(1 + photo % 3, total - sent);
            var faces = new List<AlignedFace>(count);
            for (var f = 0; f < count; f++)
            {
                var face = AlignedFace.Rent(new FaceDetection(new FaceBox(0, 0, 100, 100), 0.9f), landmarks, 0.9f, tensor.Length);
                tensor.CopyTo(face.Input);
                faces.Add(face);
            }

            await input.Writer.WriteAsync(new PhotoWork(new ScannedFile($"/bench/{photo}.jpg", 1, 1, null)) { Faces = faces, Width = 100, Height = 100 });
            sent += count;
        }

        input.Writer.Complete();
        await running;
        var embedded = await draining;
        return embedded / clock.Elapsed.TotalSeconds;
    }
}
