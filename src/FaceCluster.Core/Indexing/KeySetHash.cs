using System.Globalization;

namespace FaceCluster.Indexing;

/// <summary>
/// An order-independent fingerprint of a set of keys, fed one key at a time, so the database side can hash face ids
/// while streaming them (<c>IFaceStore.ReadFaces</c>) without sorting or holding them.
/// </summary>
/// <remarks>
/// Each key is mixed by two different 64-bit finalisers and the results are summed (mod 2⁶⁴) into two accumulators: the
/// sum of hashes is a standard incremental multiset hash, so adding, removing or replacing any key changes the result
/// with overwhelming probability. Not cryptographic: it detects a stale index, it does not resist a forger.
/// </remarks>
public sealed class KeySetHash
{
    private ulong _sumA;
    private ulong _sumB;

    public long Count { get; private set; }

    /// <summary>Largest key added; -1 while empty.</summary>
    public long MaxKey { get; private set; } = -1;

    public void Add(long key)
    {
        var value = unchecked((ulong)key);
        _sumA = unchecked(_sumA + Mix(value, 0x9E3779B97F4A7C15UL));
        _sumB = unchecked(_sumB + Mix(value ^ 0xD6E8FEB86659FD93UL, 0xC2B2AE3D27D4EB4FUL));
        Count++;
        MaxKey = Math.Max(MaxKey, key);
    }

    public static KeySetHash Of(IEnumerable<long> keys)
    {
        var hash = new KeySetHash();
        foreach (var key in keys)
        {
            hash.Add(key);
        }

        return hash;
    }

    /// <summary>32 lower-case hex digits.</summary>
    public override string ToString() =>
        _sumA.ToString("x16", CultureInfo.InvariantCulture) + _sumB.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>SplitMix64's finaliser after an odd-constant multiply: every input bit affects every output bit.</summary>
    private static ulong Mix(ulong value, ulong multiplier)
    {
        unchecked
        {
            value *= multiplier;
            value ^= value >> 30;
            value *= 0xBF58476D1CE4E5B9UL;
            value ^= value >> 27;
            value *= 0x94D049BB133111EBUL;
            return value ^ (value >> 31);
        }
    }
}
