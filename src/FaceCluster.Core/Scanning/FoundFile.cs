namespace FaceCluster.Scanning;

/// <summary>
/// A candidate photo the scan found. <see cref="Problem"/> is set when the scan already knows the file cannot be
/// processed (a name that is not valid UTF-8 cannot be opened through its stored, escaped path).
/// </summary>
public sealed record FoundFile(string Path, long Size, long MtimeMs, string? Problem = null);
