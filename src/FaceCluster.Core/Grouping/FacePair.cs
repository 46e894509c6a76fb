namespace FaceCluster.Grouping;

/// <summary>Two faces by id, e.g. a cannot-link constraint: these two must never end up in one person.</summary>
public readonly record struct FacePair(long A, long B);
