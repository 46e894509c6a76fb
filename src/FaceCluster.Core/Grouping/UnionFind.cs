namespace FaceCluster.Grouping;

/// <summary>
/// Disjoint sets over 0..n−1 with path halving and union by size, so any sequence of m operations costs
/// O(m·α(n)), effectively constant per call even for millions of faces.
/// </summary>
/// <remarks>Mutable and not thread-safe: it is the working state of one grouping run.</remarks>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }

        ComponentCount = count;
    }

    public int Count => _parent.Length;

    public int ComponentCount { get; private set; }

    /// <summary>The representative of <paramref name="element"/>'s set; halves the path on the way up.</summary>
    public int Find(int element)
    {
        var parent = _parent;
        while (parent[element] != element)
        {
            var grandparent = parent[parent[element]];
            parent[element] = grandparent;
            element = grandparent;
        }

        return element;
    }

    /// <summary>Size of the set whose representative is <paramref name="root"/>.</summary>
    public int SizeOfRoot(int root) => _size[root];

    public int SizeOf(int element) => _size[Find(element)];

    public bool Connected(int a, int b) => Find(a) == Find(b);

    /// <summary>Merges the sets of <paramref name="a"/> and <paramref name="b"/>; returns the surviving representative.</summary>
    public int Union(int a, int b) => UnionRoots(Find(a), Find(b));

    /// <summary>
    /// Merges two sets given their representatives; the larger keeps its representative, which keeps trees shallow.
    /// Callers that already hold both roots (as the linker does, to check guards first) skip two finds.
    /// </summary>
    public int UnionRoots(int rootA, int rootB)
    {
        if (rootA == rootB)
        {
            return rootA;
        }

        if (_size[rootA] < _size[rootB])
        {
            (rootA, rootB) = (rootB, rootA);
        }

        _parent[rootB] = rootA;
        _size[rootA] += _size[rootB];
        ComponentCount--;
        return rootA;
    }
}
