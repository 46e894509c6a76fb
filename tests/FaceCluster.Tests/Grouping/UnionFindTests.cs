using FaceCluster.Grouping;

namespace FaceCluster.Tests.Grouping;

public sealed class UnionFindTests
{
    [Fact]
    public void Union_ChainOfElements_OneComponentWithAllMembers()
    {
        var sets = new UnionFind(6);

        sets.Union(0, 1);
        sets.Union(2, 3);
        sets.Union(1, 3);

        Assert.True(sets.Connected(0, 2));
        Assert.False(sets.Connected(0, 4));
        Assert.Equal(4, sets.SizeOf(3));
        Assert.Equal(3, sets.ComponentCount);
    }

    [Fact]
    public void Union_LargerSetKeepsItsRoot()
    {
        var sets = new UnionFind(5);
        var big = sets.Union(0, 1);
        sets.Union(big, 2);

        var root = sets.Union(4, 0);

        Assert.Equal(big, root);
        Assert.Equal(big, sets.Find(4));
    }

    [Fact]
    public void Union_SameSetTwice_ChangesNothing()
    {
        var sets = new UnionFind(3);
        sets.Union(0, 1);

        sets.Union(1, 0);

        Assert.Equal(2, sets.ComponentCount);
        Assert.Equal(2, sets.SizeOf(0));
    }

    [Fact]
    public void Find_LongChain_ShortensPaths()
    {
        var sets = new UnionFind(100_000);
        for (var i = 1; i < sets.Count; i++)
        {
            sets.Union(i - 1, i);
        }

        Assert.Equal(1, sets.ComponentCount);
        Assert.All(Enumerable.Range(0, sets.Count), i => Assert.Equal(sets.Find(0), sets.Find(i)));
    }
}
