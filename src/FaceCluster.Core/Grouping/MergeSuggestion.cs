namespace FaceCluster.Grouping;

/// <summary>
/// Two people that are probably one: <see cref="Distance"/> is the mean squared L2 distance of their (up to three)
/// closest cross pairs among the faces' nearest neighbours (lower: more likely one person); <see cref="Links"/> counts
/// those nearest-neighbour links between them.
/// </summary>
public sealed record MergeSuggestion(long PersonA, long PersonB, float Distance, int Links);
