namespace FaceCluster.Indexing;

/// <summary>One search hit: the key it was added under and its squared L2 distance to the query (0..4 for unit vectors).</summary>
public readonly record struct Neighbour(long Key, float Distance);
