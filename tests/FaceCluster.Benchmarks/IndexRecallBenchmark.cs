using System.Diagnostics;
using FaceCluster.Indexing;
using FaceCluster.Storage;

namespace FaceCluster.Benchmarks;

/// <summary>
/// Recall@k of the HNSW index against exact brute-force search, querying with every stored embedding of a real library
/// (e.g. all of LFW after `facecluster lfw --cluster --min-images 1`).
///   dotnet run -c Release --project tests/FaceCluster.Benchmarks -- index-recall --db FILE [--profile faceapi] [--k 10]
/// </summary>
internal static class IndexRecallBenchmark
{
    public static int Run(BenchmarkArguments args)
    {
        var database = args.String("db", "");
        var profile = args.String("profile", "faceapi");
        var k = args.Int("k", 10);
        args.RejectUnknown();
        if (!File.Exists(database))
        {
            throw new ArgumentException($"--db {database} does not exist");
        }

        using var store = SqliteFaceStore.Open(database);
        var faces = store.ReadFaces(profile).ToList();
        var dimension = faces[0].Embedding.Length;
        var keys = faces.Select(f => f.Id).ToArray();
        var vectors = faces.SelectMany(f => f.Embedding).ToArray();
        var clock = Stopwatch.StartNew();
        using var hnsw = new HnswIndex(dimension);
        hnsw.AddRange(keys, vectors);
        var build = clock.Elapsed.TotalSeconds;
        using var exact = new BruteForceIndex(dimension, faces.Count);
        exact.AddRange(keys, vectors);

        long hits = 0;
        var hnswTime = TimeSpan.Zero;
        foreach (var face in faces)
        {
            var truth = exact.Search(face.Embedding, k).Select(n => n.Key).ToHashSet();
            clock.Restart();
            var found = hnsw.Search(face.Embedding, k);
            hnswTime += clock.Elapsed;
            hits += found.Count(n => truth.Contains(n.Key));
        }

        Console.WriteLine($"{faces.Count} stored {profile} embeddings ({dimension}-d): HNSW built in {build:0.00}s, " +
            $"recall@{k} = {(double)hits / ((long)faces.Count * Math.Min(k, faces.Count)):0.0000}, {hnswTime.TotalMilliseconds * 1000 / faces.Count:0} µs/query");
        return 0;
    }
}
