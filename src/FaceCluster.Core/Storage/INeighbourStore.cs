namespace FaceCluster.Storage;

/// <summary>
/// The k-NN lists that <c>group --neighbours i/N</c> runs (on several machines) store for a final <c>group</c>
/// (tables <c>neighbour_shards</c> and <c>neighbour_lists</c>). A cache of a computation, like the HNSW index: never
/// copied by <c>library copy</c>, and used only while its faces hash matches the library.
/// </summary>
public interface INeighbourStore
{
    /// <summary>
    /// Replaces the shard's lists in one transaction; the lists and shard rows of the profile computed for another face
    /// set, shard count or K go too (they can never be used again). Shards of one set may save concurrently.
    /// </summary>
    void SaveNeighbours(ShardNeighbours neighbours);

    /// <summary>The shards stored for <paramref name="profile"/>, by shard number.</summary>
    IReadOnlyList<NeighbourShard> LoadNeighbourShards(string profile);

    /// <summary>Streams every stored list of <paramref name="profile"/> (all shards) to <paramref name="visit"/>, with no per-list allocation.</summary>
    void ReadNeighbours(string profile, NeighbourListVisitor visit);
}
