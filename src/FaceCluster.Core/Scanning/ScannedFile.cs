using FaceCluster.Storage;

namespace FaceCluster.Scanning;

/// <summary>A candidate photo found by the scan, with what the library already knows about that path.</summary>
public sealed record ScannedFile(string Path, long Size, long MtimeMs, PhotoRecord? Previous, string? Problem = null);
