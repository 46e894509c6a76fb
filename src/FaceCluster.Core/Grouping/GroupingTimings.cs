namespace FaceCluster.Grouping;

/// <summary>Wall-clock time of each phase of one grouping run.</summary>
public sealed record GroupingTimings(TimeSpan IndexBuild, TimeSpan NeighbourSearch, TimeSpan Linking, TimeSpan Total);
