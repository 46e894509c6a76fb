namespace FaceCluster.Storage;

/// <summary>One person after grouping: an existing id (kept stable) or null for a new person, and all its faces.</summary>
public sealed record PersonAssignment(long? PersonId, IReadOnlyList<long> FaceIds);
