using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// The K nearest other faces of every face, as row indexes and squared distances in two flat n×K arrays (slot s of
/// face i at i·K + s, closest first, −1 after the last hit). Flat arrays keep a million faces × 16 neighbours at
/// 128 MB with no per-face objects.
/// </summary>
internal sealed class NeighbourTable
{
    internal NeighbourTable(int count, int k)
    {
        Count = count;
        K = k;
        Rows = new int[(long)count * k];
        Distances = new float[(long)count * k];
        Array.Fill(Rows, -1);
    }

    public int Count { get; }

    public int K { get; }

    public int[] Rows { get; }

    public float[] Distances { get; }

    public ReadOnlySpan<int> RowsOf(int row) => Rows.AsSpan(row * K, K);

    public ReadOnlySpan<float> DistancesOf(int row) => Distances.AsSpan(row * K, K);

    /// <summary>True when <paramref name="other"/> is among the K nearest of <paramref name="row"/>.</summary>
    public bool Lists(int row, int other) => RowsOf(row).Contains(other);

    /// <summary>
    /// Queries <paramref name="index"/> for every row (or only <paramref name="queryRows"/>; the others keep empty lists), in parallel. <paramref name="rowOfKey"/> maps an index key back to
    /// a row (−1 for keys not being grouped); the query's own key is skipped, which is why K + 1 hits are asked for.
    /// </summary>
    public static NeighbourTable Build(
        GroupingInput input,
        IVectorIndex index,
        int k,
        Func<long, int> rowOfKey,
        int maxDegreeOfParallelism,
        CancellationToken cancellationToken,
        IReadOnlyList<int>? queryRows = null)
    {
        var table = new NeighbourTable(input.Count, k);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            queryRows?.Count ?? input.Count,
            parallel,
            () => new Neighbour[k + 1],
            (query, _, buffer) =>
            {
                var row = queryRows?[query] ?? query;
                var found = index.Search(input.Row(row), buffer);
                var rows = table.Rows.AsSpan(row * k, k);
                var distances = table.Distances.AsSpan(row * k, k);
                var filled = 0;
                for (var i = 0; i < found && filled < k; i++)
                {
                    var other = rowOfKey(buffer[i].Key);
                    if (other < 0 || other == row)
                    {
                        continue;
                    }

                    rows[filled] = other;
                    distances[filled] = buffer[i].Distance;
                    filled++;
                }

                return buffer;
            },
            _ => { });
        return table;
    }
}
