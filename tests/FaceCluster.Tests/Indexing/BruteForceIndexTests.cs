using FaceCluster.Indexing;
using FaceCluster.Tests.Synthetic;

namespace FaceCluster.Tests.Indexing;

public sealed class BruteForceIndexTests
{
    [Fact]
    public void Search_RandomUnitVectors_MatchesSquaredL2ByDefinition()
    {
        var (keys, vectors) = RandomVectors(count: 500, dimension: 32, seed: 3, unit: true);
        using var index = new BruteForceIndex(32);
        index.AddRange(keys, vectors);

        for (var q = 0; q < 20; q++)
        {
            var query = RandomVectors(1, 32, seed: 100 + (ulong)q, unit: true).Vectors;
            var expected = Enumerable.Range(0, keys.Length)
                .Select(i => (Key: keys[i], Distance: SquaredL2(query, vectors.AsSpan(i * 32, 32))))
                .OrderBy(n => n.Distance).ThenBy(n => n.Key)
                .Take(10)
                .ToList();

            var found = index.Search(query, 10);

            Assert.Equal(expected.Select(n => n.Key), found.Select(n => n.Key));
            Assert.All(found.Zip(expected), pair => Assert.Equal(pair.Second.Distance, pair.First.Distance, 1e-5));
        }
    }

    [Fact]
    public void Search_NonUnitVectors_StillReturnsSquaredL2()
    {
        using var index = new BruteForceIndex(2);
        index.Add(1, [3f, 0f]);
        index.Add(2, [0f, 1f]);

        var found = index.Search([0f, 0f], 2);

        Assert.Equal([new Neighbour(2, 1f), new Neighbour(1, 9f)], found);
    }

    [Fact]
    public void Search_EqualDistances_BreaksTiesByKey()
    {
        using var index = new BruteForceIndex(2);
        index.Add(9, [1f, 0f]);
        index.Add(4, [0f, 1f]);
        index.Add(7, [-1f, 0f]);

        var found = index.Search([0f, 0f], 3);

        Assert.Equal([4L, 7L, 9L], found.Select(n => n.Key));
    }

    [Fact]
    public void Search_KBeyondCount_ReturnsEveryVector()
    {
        using var index = new BruteForceIndex(2);
        index.Add(1, [1f, 0f]);

        Assert.Single(index.Search([1f, 0f], 5));
        Assert.Empty(new BruteForceIndex(2).Search([1f, 0f], 5));
    }

    [Fact]
    public void Add_DuplicateKeyOrWrongLength_Throws()
    {
        using var index = new BruteForceIndex(2);
        index.Add(1, [1f, 0f]);

        Assert.Throws<VectorIndexException>(() => index.Add(1, [0f, 1f]));
        Assert.Throws<ArgumentException>(() => index.Add(2, [1f, 0f, 0f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Add(-1, [1f, 0f]));
        Assert.True(index.Contains(1));
        Assert.Equal(1, index.Count);
    }

    internal static (long[] Keys, float[] Vectors) RandomVectors(int count, int dimension, ulong seed, bool unit)
    {
        var random = new SplitMixRandom(seed);
        var vectors = new float[count * dimension];
        for (var i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(i * dimension, dimension);
            double norm = 0;
            for (var d = 0; d < dimension; d++)
            {
                row[d] = (float)random.NextGaussian();
                norm += row[d] * row[d];
            }

            if (unit)
            {
                for (var d = 0; d < dimension; d++)
                {
                    row[d] /= (float)Math.Sqrt(norm);
                }
            }
        }

        return (Enumerable.Range(0, count).Select(i => 1000L + i).ToArray(), vectors);
    }

    internal static float SquaredL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var d = 0; d < a.Length; d++)
        {
            var diff = (double)a[d] - b[d];
            sum += diff * diff;
        }

        return (float)sum;
    }
}
