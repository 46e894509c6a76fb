namespace FaceCluster.Sharding;

/// <summary>What one <c>group --neighbours i/N</c> run stored, with the time of each stage in seconds.</summary>
public sealed record ShardSummary(ShardSpec Shard, int Faces, int Queried, long Neighbours, string Search, IReadOnlyDictionary<string, double> StageSeconds);
