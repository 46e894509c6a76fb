using System.Numerics.Tensors;

namespace FaceCluster.Indexing;

/// <summary>
/// Exact k-NN by scanning every vector: the reference the approximate index is tested against, and the faster choice
/// for small libraries where building a graph costs more than scanning.
/// </summary>
/// <remarks>
/// Vectors live in one contiguous <c>float[]</c> (row i at <c>i * Dimension</c>) so a scan is a run of SIMD dot products
/// over adjacent memory. The squared distance is <c>|q|² + |v|² − 2·q·v</c> with the norms cached at add time: for the unit
/// vectors FaceCluster stores that is exactly <c>2 − 2·q·v</c>, and it stays correct for vectors that are not quite unit.
/// Searching allocates nothing; concurrent searches are safe, adding is not.
/// </remarks>
public sealed class BruteForceIndex : IVectorIndex
{
    private readonly HashSet<long> _keySet = [];
    private float[] _vectors;
    private float[] _squaredNorms;
    private long[] _keys;

    public BruteForceIndex(int dimension, int initialCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        Dimension = dimension;
        _vectors = new float[(long)initialCapacity * dimension];
        _squaredNorms = new float[initialCapacity];
        _keys = new long[initialCapacity];
    }

    public int Dimension { get; }

    public int Count { get; private set; }

    public bool Contains(long key) => _keySet.Contains(key);

    public void Add(long key, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Expected a vector of {Dimension} values, got {vector.Length}.", nameof(vector));
        }

        if (!_keySet.Add(key))
        {
            throw new VectorIndexException($"Key {key} is already in the index.");
        }

        EnsureCapacity(Count + 1);
        vector.CopyTo(_vectors.AsSpan(Count * Dimension, Dimension));
        _squaredNorms[Count] = TensorPrimitives.Dot(vector, vector);
        _keys[Count] = key;
        Count++;
    }

    public void AddRange(ReadOnlyMemory<long> keys, ReadOnlyMemory<float> vectors)
    {
        if ((long)keys.Length * Dimension != vectors.Length)
        {
            throw new ArgumentException($"{keys.Length} keys need {(long)keys.Length * Dimension} values, got {vectors.Length}.", nameof(vectors));
        }

        EnsureCapacity(Count + keys.Length);
        var keySpan = keys.Span;
        var vectorSpan = vectors.Span;
        for (var i = 0; i < keySpan.Length; i++)
        {
            Add(keySpan[i], vectorSpan.Slice(i * Dimension, Dimension));
        }
    }

    public int Search(ReadOnlySpan<float> query, Span<Neighbour> destination)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"Expected a query of {Dimension} values, got {query.Length}.", nameof(query));
        }

        var k = Math.Min(destination.Length, Count);
        if (k == 0)
        {
            return 0;
        }

        // destination[..k] is a max-heap on distance while scanning (the worst kept hit at the root), so each row costs one
        // comparison unless it beats the current k-th best; sorted ascending at the end.
        var heap = destination[..k];
        var queryNorm = TensorPrimitives.Dot(query, query);
        var vectors = _vectors.AsSpan(0, Count * Dimension);
        var filled = 0;
        for (var i = 0; i < Count; i++)
        {
            var dot = TensorPrimitives.Dot(query, vectors.Slice(i * Dimension, Dimension));
            var distance = MathF.Max(0f, queryNorm + _squaredNorms[i] - 2f * dot);
            if (filled < k)
            {
                heap[filled] = new Neighbour(_keys[i], distance);
                SiftUp(heap, filled++);
            }
            else if (IsWorse(heap[0], new Neighbour(_keys[i], distance)))
            {
                heap[0] = new Neighbour(_keys[i], distance);
                SiftDown(heap, 0, k);
            }
        }

        for (var end = k - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }

        return k;
    }

    public void Dispose()
    {
    }

    /// <summary>Ties on distance are broken by key so results never depend on insertion order.</summary>
    private static bool IsWorse(Neighbour a, Neighbour b) => a.Distance > b.Distance || (a.Distance == b.Distance && a.Key > b.Key);

    private static void SiftUp(Span<Neighbour> heap, int child)
    {
        while (child > 0)
        {
            var parent = (child - 1) / 2;
            if (!IsWorse(heap[child], heap[parent]))
            {
                return;
            }

            (heap[child], heap[parent]) = (heap[parent], heap[child]);
            child = parent;
        }
    }

    private static void SiftDown(Span<Neighbour> heap, int parent, int length)
    {
        while (true)
        {
            var worst = parent;
            var left = 2 * parent + 1;
            var right = left + 1;
            if (left < length && IsWorse(heap[left], heap[worst]))
            {
                worst = left;
            }

            if (right < length && IsWorse(heap[right], heap[worst]))
            {
                worst = right;
            }

            if (worst == parent)
            {
                return;
            }

            (heap[parent], heap[worst]) = (heap[worst], heap[parent]);
            parent = worst;
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _keys.Length)
        {
            return;
        }

        var capacity = Math.Max(needed, Math.Max(16, _keys.Length * 2));
        Array.Resize(ref _keys, capacity);
        Array.Resize(ref _squaredNorms, capacity);
        Array.Resize(ref _vectors, checked(capacity * Dimension));
    }
}
