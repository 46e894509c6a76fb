using System.Globalization;
using FaceCluster.Configuration;

namespace FaceCluster.Sharding;

/// <summary>
/// Shard <see cref="Number"/> of <see cref="Count"/> (<c>--neighbours 2/4</c>, numbered from 1 as <c>split -n K/N</c>
/// does): the faces in id order are cut into <see cref="Count"/> consecutive runs of nearly equal length.
/// </summary>
public readonly record struct ShardSpec
{
    public ShardSpec(int number, int count)
    {
        if (count < 1 || number < 1 || number > count)
        {
            throw new ConfigurationException($"--neighbours {number}/{count}: give SHARD/COUNT with 1 <= SHARD <= COUNT (for example 1/2 and 2/2)");
        }

        Number = number;
        Count = count;
    }

    public int Number { get; }

    public int Count { get; }

    /// <exception cref="ConfigurationException">Not two whole numbers with 1 ≤ SHARD ≤ COUNT.</exception>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new ConfigurationException($"--neighbours {text}: give SHARD/COUNT, for example 1/2 and 2/2 on two machines");
        }

        return new ShardSpec(number, count);
    }

    /// <summary>This shard's rows of <paramref name="faces"/> faces: a consecutive run, every row in exactly one shard.</summary>
    public (int Start, int End) Rows(int faces) => ((int)((long)faces * (Number - 1) / Count), (int)((long)faces * Number / Count));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Number}/{Count}");
}
