namespace FaceCluster.Storage;

/// <summary>A stored photo as the incremental scan compares it: identity by path, change by size + mtime, confirmed by hash.</summary>
public sealed record PhotoRecord(long Id, string Path, long Size, long MtimeMs, string? ContentHash, PhotoStatus Status, string? Profile, string? Error);
