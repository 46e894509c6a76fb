namespace FaceCluster.Tests.Synthetic;

/// <summary>
/// A tiny seeded generator (SplitMix64) whose sequence is fixed by this file, unlike <see cref="Random"/> whose algorithm
/// may change between runtimes; synthetic data sets must be identical on every machine and version.
/// </summary>
public sealed class SplitMixRandom(ulong seed)
{
    private ulong _state = seed;
    private double? _spareGaussian;

    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int Next(int maxExclusive) => (int)(NextDouble() * maxExclusive);

    /// <summary>Standard normal (Box–Muller, both values used).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A generator for an independent stream, e.g. one per identity so data can be generated in parallel.</summary>
    public static SplitMixRandom For(ulong seed, long stream) => new(seed * 0xD1342543DE82EF95UL + (ulong)stream * 0x9E3779B97F4A7C15UL + 1);
}
