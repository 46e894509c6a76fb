namespace FaceCluster.Grouping;

/// <summary>
/// What the user has already said, expressed in face ids so the grouper knows nothing about names or UI: must-link groups
/// are joined before any similarity edge, and cannot-link pairs are kept apart exactly like two faces of one photo.
/// </summary>
/// <remarks>
/// Typical mappings: naming several faces or merging two clusters → one must-link group; "this face is not the person of
/// the cluster containing face X" → cannot-link (face, X); "these two clusters are different people" → cannot-link
/// between one face of each. Must-link wins where the two contradict (it is applied first and unconditionally), and a
/// cluster touched by a must-link group is kept even when smaller than <see cref="GroupingOptions.MinClusterSize"/>.
/// Ids not among the faces being grouped are ignored and counted in
/// <see cref="GroupingStatistics.IgnoredConstraintFaces"/>. Immutable.
/// </remarks>
public sealed record GroupingConstraints
{
    public static GroupingConstraints None { get; } = new();

    public IReadOnlyList<IReadOnlyList<long>> MustLink { get; init; } = [];

    public IReadOnlyList<FacePair> CannotLink { get; init; } = [];

    public bool IsEmpty => MustLink.Count == 0 && CannotLink.Count == 0;
}
