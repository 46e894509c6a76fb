namespace FaceCluster.Storage;

/// <summary>
/// A shard's neighbour lists on their way into the library: face <c>FaceIds[i]</c>'s neighbours are the face ids at
/// <c>NeighbourIds[i·K .. (i+1)·K)</c>, closest first, with their squared distances at the same places in
/// <see cref="Distances"/>; a list shorter than K ends at the first −1.
/// </summary>
public sealed record ShardNeighbours(NeighbourShard Shard, ReadOnlyMemory<long> FaceIds, ReadOnlyMemory<long> NeighbourIds, ReadOnlyMemory<float> Distances);

/// <summary>Receives one stored neighbour list (valid only during the call).</summary>
public delegate void NeighbourListVisitor(long faceId, ReadOnlySpan<long> neighbourIds, ReadOnlySpan<float> distances);
