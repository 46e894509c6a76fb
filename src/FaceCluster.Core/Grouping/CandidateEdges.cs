namespace FaceCluster.Grouping;

/// <summary>
/// Turns the neighbour table into the sorted list of links to try: each face pair within the threshold once, optionally
/// only when the two list each other (mutual neighbours).
/// </summary>
internal static class CandidateEdges
{
    /// <summary>
    /// Counts, then fills an exactly sized array (two passes rather than a growing list: a million faces can propose
    /// ten million edges), then sorts closest first.
    /// </summary>
    public static CandidateEdge[] Build(
        NeighbourTable table, float threshold, bool mutualOnly, int maxDegreeOfParallelism, CancellationToken cancellationToken, out long nonMutualDropped)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        var counts = new int[table.Count + 1];
        long dropped = 0;
        Parallel.For(0, table.Count, parallel, () => 0L, (row, _, localDropped) =>
        {
            counts[row + 1] = Visit(table, row, threshold, mutualOnly, default, ref localDropped);
            return localDropped;
        }, localDropped => Interlocked.Add(ref dropped, localDropped));

        var starts = counts;
        for (var row = 0; row < table.Count; row++)
        {
            starts[row + 1] += starts[row];
        }

        var edges = new CandidateEdge[starts[table.Count]];
        Parallel.For(0, table.Count, parallel, row =>
        {
            long ignored = 0;
            Visit(table, row, threshold, mutualOnly, edges.AsSpan(starts[row], starts[row + 1] - starts[row]), ref ignored);
        });

        Array.Sort(edges);
        nonMutualDropped = dropped;
        return edges;
    }

    /// <summary>
    /// The edges row proposes: a pair listed by both faces is proposed once, by its lower row; a pair listed by one face
    /// only is proposed by that face, unless <paramref name="mutualOnly"/> drops it. Writes into
    /// <paramref name="destination"/> when it is not empty; returns the count either way.
    /// </summary>
    private static int Visit(NeighbourTable table, int row, float threshold, bool mutualOnly, Span<CandidateEdge> destination, ref long dropped)
    {
        var rows = table.RowsOf(row);
        var distances = table.DistancesOf(row);
        var count = 0;
        for (var slot = 0; slot < rows.Length; slot++)
        {
            var other = rows[slot];
            if (other < 0 || distances[slot] >= threshold)
            {
                break;
            }

            var listedBack = table.Lists(other, row);
            if (!listedBack && mutualOnly)
            {
                dropped++;
                continue;
            }

            if (listedBack && other < row)
            {
                continue;
            }

            if (!destination.IsEmpty)
            {
                destination[count] = new CandidateEdge(Math.Min(row, other), Math.Max(row, other), distances[slot]);
            }

            count++;
        }

        return count;
    }
}
