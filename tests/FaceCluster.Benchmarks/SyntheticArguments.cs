using System.Globalization;
using FaceCluster.Tests.Synthetic;

namespace FaceCluster.Benchmarks;

/// <summary>The synthetic library a benchmark generates, from its command line, over a benchmark's own Zipf skew.</summary>
internal static class SyntheticArguments
{
    public static string Help(double zipf) =>
        $"--faces N (100000) --dim D (128) --identities N (faces/10) --zipf Z ({zipf.ToString(CultureInfo.InvariantCulture)}) --bridges N (0) --seed S (1)";

    public static SyntheticFaceOptions Read(BenchmarkArguments args, double zipf)
    {
        var faces = args.Int("faces", 100_000);
        return new SyntheticFaceOptions
        {
            TotalFaces = faces,
            Identities = args.Int("identities", Math.Max(1, faces / 10)),
            ZipfExponent = args.Double("zipf", zipf),
            Dimension = args.Int("dim", 128),
            Bridges = args.Int("bridges", 0),
            Seed = (ulong)args.Int("seed", 1),
        };
    }
}
