using System.Runtime.InteropServices;

namespace FaceCluster.Storage;

/// <summary>
/// One face's neighbour list as one BLOB (both backends): the neighbours' face ids as int64, then their squared
/// distances as float32, little-endian. One row per face rather than per edge keeps 100 M faces at 100 M rows
/// (<c>docs/design-100m.md</c>).
/// </summary>
internal static class NeighbourListCodec
{
    private const int BytesPerNeighbour = sizeof(long) + sizeof(float);

    /// <summary>Writes the BLOB of a list (up to its first −1 id) into <paramref name="blob"/> (<see cref="MaxBytes"/> long); returns its length.</summary>
    public static int Encode(ReadOnlySpan<long> ids, ReadOnlySpan<float> distances, Span<byte> blob)
    {
        var count = ids.IndexOf(-1L);
        count = count < 0 ? ids.Length : count;
        MemoryMarshal.AsBytes(ids[..count]).CopyTo(blob);
        MemoryMarshal.AsBytes(distances[..count]).CopyTo(blob[(count * sizeof(long))..]);
        return count * BytesPerNeighbour;
    }

    /// <summary>Decodes into the given buffers; returns the list's length.</summary>
    public static int Decode(ReadOnlySpan<byte> blob, Span<long> ids, Span<float> distances)
    {
        if (blob.Length % BytesPerNeighbour != 0 || blob.Length / BytesPerNeighbour > ids.Length)
        {
            throw new StoreException($"a stored neighbour list of {blob.Length} bytes is not a list of at most {ids.Length} neighbours.");
        }

        var count = blob.Length / BytesPerNeighbour;
        MemoryMarshal.Cast<byte, long>(blob[..(count * sizeof(long))]).CopyTo(ids);
        MemoryMarshal.Cast<byte, float>(blob[(count * sizeof(long))..]).CopyTo(distances);
        return count;
    }

    /// <summary>The largest BLOB a list of <paramref name="k"/> neighbours needs.</summary>
    public static int MaxBytes(int k) => k * BytesPerNeighbour;
}
