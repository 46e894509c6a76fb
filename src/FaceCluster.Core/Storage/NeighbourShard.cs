namespace FaceCluster.Storage;

/// <summary>
/// What one <c>group --neighbours SHARD/SHARDCOUNT</c> run stored: the K nearest neighbours of its share of the faces,
/// searched among all <see cref="Faces"/> faces whose ids and embeddings hash to <see cref="FacesHash"/>. A final
/// <c>group</c> uses a complete set of shards only while the library's faces still hash to the same value.
/// </summary>
public sealed record NeighbourShard(
    string Profile, int Shard, int ShardCount, string FacesHash, int K, int Faces, string Search, DateTimeOffset ComputedAt);
