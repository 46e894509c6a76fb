using FaceCluster.Indexing;
using FaceCluster.Tests.Support;
using FaceCluster.Tests.Synthetic;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Indexing;

public sealed class HnswIndexTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Search_20kClusteredVectors_RecallAt10AtLeast099AgainstExactSearch()
    {
        // 2,000 identities x 10 noisy faces, 128-d: the nearest 10 of a face are its 9 siblings plus the closest
        // stranger, so the test also checks the graph finds the boundary between clusters, not just the obvious core.
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 2000, FacesPerIdentity = 10, Seed = 7 });
        var keys = Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray();
        using var exact = new BruteForceIndex(data.Dimension, data.Count);
        exact.AddRange(keys, data.Embeddings);
        using var hnsw = new HnswIndex(data.Dimension);
        hnsw.AddRange(keys, data.Embeddings);

        const int queries = 1000;
        long hits = 0;
        for (var q = 0; q < queries; q++)
        {
            var query = data.Row(q * (data.Count / queries));
            var truth = exact.Search(query, 10).Select(n => n.Key).ToHashSet();
            hits += hnsw.Search(query, 10).Count(n => truth.Contains(n.Key));
        }

        var recall = hits / (queries * 10.0);
        output.WriteLine($"recall@10 = {recall:F4} over {queries} queries, {data.Count} vectors, {hnsw.Options}");
        Assert.Equal(data.Count, hnsw.Count);
        Assert.True(recall >= 0.99, $"recall@10 {recall:F4} < 0.99");
    }

    [Fact]
    public void Search_Distances_AreSquaredL2AndAscending()
    {
        var (keys, vectors) = BruteForceIndexTests.RandomVectors(2000, 64, seed: 5, unit: true);
        using var index = new HnswIndex(64);
        index.AddRange(keys, vectors);
        var query = vectors.AsSpan(64 * 17, 64);

        var found = index.Search(query, 20);

        Assert.Equal(20, found.Length);
        Assert.Equal(1017L, found[0].Key);
        Assert.Equal(0f, found[0].Distance, 1e-5);
        Assert.Equal(found.OrderBy(n => n.Distance).Select(n => n.Distance), found.Select(n => n.Distance));
        foreach (var hit in found)
        {
            var row = (int)(hit.Key - 1000);
            Assert.Equal(BruteForceIndexTests.SquaredL2(query, vectors.AsSpan(row * 64, 64)), hit.Distance, 1e-4);
        }
    }

    [Fact]
    public void SaveThenLoad_SameQueries_GiveIdenticalResults()
    {
        var (keys, vectors) = BruteForceIndexTests.RandomVectors(3000, 128, seed: 9, unit: true);
        var path = _temp.File("faces.usearch");
        using var built = new HnswIndex(128);
        built.AddRange(keys, vectors);

        built.Save(path);
        using var loaded = HnswIndex.Load(path, 128);

        Assert.Equal(built.Count, loaded.Count);
        Assert.Equal(built.Connectivity, loaded.Connectivity);
        Assert.True(loaded.Contains(1000) && loaded.Contains(3999) && !loaded.Contains(4000));
        for (var q = 0; q < 200; q++)
        {
            var query = vectors.AsSpan(q * 15 * 128, 128);
            Assert.Equal(built.Search(query, 10), loaded.Search(query, 10));
        }

        Assert.Equal(["faces.usearch"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_ExistingFile_IsReplaced()
    {
        var path = _temp.File("faces.usearch");
        using (var first = new HnswIndex(4))
        {
            first.Add(1, [1f, 0f, 0f, 0f]);
            first.Save(path);
        }

        using (var second = new HnswIndex(4))
        {
            second.Add(2, [0f, 1f, 0f, 0f]);
            second.Add(3, [0f, 0f, 1f, 0f]);
            second.Save(path);
        }

        using var loaded = HnswIndex.Load(path, 4);
        Assert.Equal(2, loaded.Count);
        Assert.False(loaded.Contains(1));
    }

    [Fact]
    public void Load_WrongDimensionMissingOrGarbage_Throws()
    {
        var path = _temp.File("faces.usearch");
        using (var index = new HnswIndex(8))
        {
            index.Add(1, new float[8]);
            index.Save(path);
        }

        Assert.Throws<VectorIndexException>(() => HnswIndex.Load(path, 16));
        Assert.Throws<FileNotFoundException>(() => HnswIndex.Load(_temp.File("none.usearch"), 8));
        var garbage = _temp.File("garbage.usearch");
        File.WriteAllBytes(garbage, new byte[100]);
        Assert.Throws<VectorIndexException>(() => HnswIndex.Load(garbage, 8));
    }

    [Fact]
    public void Add_OneAtATimePastCapacity_KeepsEveryVector()
    {
        var (keys, vectors) = BruteForceIndexTests.RandomVectors(2500, 16, seed: 11, unit: true);
        using var index = new HnswIndex(16);
        for (var i = 0; i < keys.Length; i++)
        {
            index.Add(keys[i], vectors.AsSpan(i * 16, 16));
        }

        Assert.Equal(2500, index.Count);
        Assert.Equal(keys[1234], index.Search(vectors.AsSpan(1234 * 16, 16), 1)[0].Key);
        Assert.Throws<VectorIndexException>(() => index.Add(keys[0], vectors.AsSpan(0, 16)));
    }

    [Fact]
    public void Search_FromMoreThreadsThanSlots_AllSucceed()
    {
        var (keys, vectors) = BruteForceIndexTests.RandomVectors(1000, 32, seed: 13, unit: true);
        using var index = new HnswIndex(32, new HnswOptions { Threads = 2 });
        index.AddRange(keys, vectors);

        // The graph built on two threads differs from run to run, so the yardstick is the same index searched from
        // one thread: sixteen threads sharing two search slots must give exactly the same answers.
        long[] TopFive(int q) => index.Search(vectors.AsSpan(q * 32, 32), 5).Select(n => n.Key).ToArray();
        var sequential = Enumerable.Range(0, 400).Select(TopFive).ToArray();
        var parallel = new long[400][];
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 16 }, q => parallel[q] = TopFive(q));

        Assert.Equal(sequential, parallel);
        Assert.True(Enumerable.Range(0, 400).Count(q => parallel[q][0] == keys[q]) >= 380, "nearly every vector finds itself first");
    }
}
