namespace FaceCluster.Storage;

/// <summary>A person: a stable id, an optional user-given name, and where it was merged into (then it has no faces).</summary>
public sealed record PersonRecord(long Id, string? Name, long? MergedInto, int FaceCount);
