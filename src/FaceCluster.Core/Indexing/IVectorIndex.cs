namespace FaceCluster.Indexing;

/// <summary>
/// A k-nearest-neighbour index over fixed-length float32 vectors. Distances are always squared L2, the quantity the
/// profiles' thresholds are expressed in, whatever the implementation computes internally.
/// </summary>
/// <remarks>
/// Implementations allow any number of concurrent <see cref="Search(ReadOnlySpan{float}, Span{Neighbour})"/> calls; adding
/// must not overlap with any other call (<see cref="AddRange"/> parallelises internally where the implementation can).
/// </remarks>
public interface IVectorIndex : IDisposable
{
    /// <summary>Length of every vector in the index.</summary>
    int Dimension { get; }

    /// <summary>Number of vectors added so far.</summary>
    int Count { get; }

    /// <summary>Adds one vector; keys must be non-negative and unique.</summary>
    void Add(long key, ReadOnlySpan<float> vector);

    /// <summary>Adds <c>keys.Length</c> vectors stored back to back in <paramref name="vectors"/>.</summary>
    void AddRange(ReadOnlyMemory<long> keys, ReadOnlyMemory<float> vectors);

    /// <summary>
    /// Writes the nearest neighbours of <paramref name="query"/>, closest first, into <paramref name="destination"/> (at most
    /// its length) and returns how many were written. Allocates nothing.
    /// </summary>
    int Search(ReadOnlySpan<float> query, Span<Neighbour> destination);
}
