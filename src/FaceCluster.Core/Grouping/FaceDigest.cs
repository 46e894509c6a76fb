using System.Runtime.InteropServices;
using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// What an index of faces was built from: one 64-bit digest per (face id, embedding), summed as a multiset by
/// <see cref="KeySetHash"/>. Unlike the key set alone, it changes when a vector is replaced under an id it had before.
/// </summary>
internal static class FaceDigest
{
    /// <summary>FNV-1a over the id and the embedding's bit patterns; <see cref="KeySetHash"/> mixes the result again.</summary>
    public static long Of(long id, ReadOnlySpan<float> embedding)
    {
        const ulong prime = 0x100000001B3UL;
        var hash = unchecked(0xCBF29CE484222325UL ^ (ulong)id) * prime;
        foreach (var bits in MemoryMarshal.Cast<float, uint>(embedding))
        {
            hash = unchecked((hash ^ bits) * prime);
        }

        return unchecked((long)hash);
    }

    /// <summary>The content hash of the given rows of a face table (ids and their embeddings, row-major).</summary>
    public static string ContentHash(ReadOnlySpan<long> ids, ReadOnlySpan<float> embeddings, int dimension, IEnumerable<int> rows)
    {
        var hash = new KeySetHash();
        foreach (var row in rows)
        {
            hash.Add(Of(ids[row], embeddings.Slice(row * dimension, dimension)));
        }

        return hash.ToString();
    }
}
