namespace FaceCluster.Indexing;

public static class VectorIndexExtensions
{
    /// <summary>The k nearest vectors (fewer when the index holds fewer), nearest first, in a new array.</summary>
    public static Neighbour[] Search(this IVectorIndex index, ReadOnlySpan<float> query, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var buffer = new Neighbour[Math.Min(k, index.Count)];
        var found = index.Search(query, buffer);
        return found == buffer.Length ? buffer : buffer[..found];
    }
}
