using System.Diagnostics;
using FaceCluster.Configuration;
using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Storage;

namespace FaceCluster.Sharding;

/// <summary>
/// The k-NN step of <c>group</c> split over machines: each <c>group --neighbours i/N</c> searches its share of the
/// faces among all of them (with this machine's index) and stores the lists in the library, tagged with the hash of
/// the faces they were computed for; a final <c>group</c> links from them when all N shards are there and current,
/// and searches itself otherwise. Only where the neighbour lists come from changes: the linking is the same.
/// </summary>
public static class NeighbourShards
{
    /// <summary>Computes and stores one shard's neighbour lists.</summary>
    public static ShardSummary Compute(IFaceStore store, string sidecarBase, string profile, GroupingOptions options, ShardSpec shard, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var input = store.ReadEmbeddings(profile)
            ?? throw new ConfigurationException($"the library has no faces of profile {profile} to search (run 'facecluster ingest' first)");
        Lap(stages, "read", clock);
        var hash = FacesHash(input);
        Lap(stages, "hash", clock);

        var exact = input.Count <= options.ExactSearchLimit;
        string search;
        IVectorIndex index;
        if (exact)
        {
            index = new BruteForceIndex(input.Dimension, input.Count);
            index.AddRange(input.FaceIds.ToArray(), input.Embeddings);
            search = "exact";
        }
        else
        {
            var (hnsw, action) = new FaceIndexStore(sidecarBase, profile, options.Hnsw).Open(input.FaceIds, input.Embeddings, input.Dimension);
            index = hnsw;
            search = $"HNSW index {action}";
        }

        Lap(stages, "index", clock);
        var (start, end) = shard.Rows(input.Count);
        NeighbourTable table;
        using (index)
        {
            var rows = RowsByFaceId(input);
            table = NeighbourTable.Build(
                input, index, options.K, key => rows.GetValueOrDefault(key, -1), options.MaxDegreeOfParallelism, cancellationToken,
                Enumerable.Range(start, end - start).ToArray());
        }

        Lap(stages, "search", clock);
        var k = options.K;
        var faceIds = input.FaceIds.Span;
        var neighbourIds = new long[(long)(end - start) * k];
        long neighbours = 0;
        for (var slot = 0; slot < neighbourIds.Length; slot++)
        {
            var row = table.Rows[(start * k) + slot];
            neighbourIds[slot] = row < 0 ? -1 : faceIds[row];
            neighbours += row < 0 ? 0 : 1;
        }

        var tag = new NeighbourShard(profile, shard.Number, shard.Count, hash, k, input.Count, exact ? "exact" : "hnsw", DateTimeOffset.UtcNow);
        store.SaveNeighbours(new ShardNeighbours(tag, input.FaceIds[start..end], neighbourIds, table.Distances.AsMemory(start * k, (end - start) * k)));
        Lap(stages, "write", clock);
        return new ShardSummary(shard, input.Count, end - start, neighbours, search, stages);
    }

    /// <summary>
    /// The neighbour table from a complete, current set of stored shards (only the rows with <paramref name="personOfRow"/>
    /// −1 filled when given, as an incremental run searches only those), or null. <paramref name="note"/> says which
    /// shards were used, or why stored ones were not; null when there are none.
    /// </summary>
    internal static NeighbourTable? TryLoad(IFaceStore store, string profile, GroupingInput input, int k, int[]? personOfRow, out string? note)
    {
        var shards = store.LoadNeighbourShards(profile);
        note = null;
        if (shards.Count == 0)
        {
            return null;
        }

        var count = shards[0].ShardCount;
        if (shards.Count != count || shards.Any(s => s.ShardCount != count))
        {
            note = $"shard neighbours not used: {shards.Count} of {count} shards stored";
            return null;
        }

        if (shards.Any(s => s.K != k))
        {
            note = $"shard neighbours not used: computed with K = {shards[0].K}, not {k}";
            return null;
        }

        var hash = FacesHash(input);
        if (shards.Any(s => s.Faces != input.Count || s.FacesHash != hash))
        {
            note = "shard neighbours not used: computed for other faces (faces were added, changed or removed since)";
            return null;
        }

        var table = new NeighbourTable(input.Count, k);
        var rows = RowsByFaceId(input);
        var listed = 0;
        store.ReadNeighbours(profile, (faceId, neighbourIds, distances) =>
        {
            var row = rows.GetValueOrDefault(faceId, -1);
            if (row < 0 || neighbourIds.Length > k)
            {
                throw new StoreException($"the stored neighbour list of face {faceId} does not belong to the faces its shards were computed for");
            }

            listed++;
            if (personOfRow is not null && personOfRow[row] >= 0)
            {
                return;
            }

            for (var slot = 0; slot < neighbourIds.Length; slot++)
            {
                table.Rows[(row * k) + slot] = rows.GetValueOrDefault(neighbourIds[slot], -1);
                table.Distances[(row * k) + slot] = distances[slot];
            }
        });

        if (listed != input.Count)
        {
            note = $"shard neighbours not used: {listed} of {input.Count} faces have a stored list";
            return null;
        }

        note = $"k-NN from {count} shards ({shards[0].Search})";
        return table;
    }

    /// <summary>The hash of the faces' ids and embeddings, which tags the lists computed from them.</summary>
    private static string FacesHash(GroupingInput input) =>
        FaceDigest.ContentHash(input.FaceIds.Span, input.Embeddings.Span, input.Dimension, Enumerable.Range(0, input.Count));

    private static Dictionary<long, int> RowsByFaceId(GroupingInput input)
    {
        var faceIds = input.FaceIds.Span;
        var rows = new Dictionary<long, int>(faceIds.Length);
        for (var row = 0; row < faceIds.Length; row++)
        {
            rows.Add(faceIds[row], row);
        }

        return rows;
    }

    private static void Lap(Dictionary<string, double> stages, string stage, Stopwatch clock)
    {
        stages[stage] = Math.Round(clock.Elapsed.TotalSeconds, 3);
        clock.Restart();
    }
}
