namespace FaceCluster.Storage;

/// <summary>One entry of the corrections log, described for people.</summary>
public sealed record CorrectionEntry(long Id, string Kind, string Description, DateTimeOffset CreatedAt);
