namespace FaceCluster.Storage;

/// <summary>
/// What one ingest did to one file, written in a single transaction with its faces so that a photo's faces are
/// always all there or all absent. <see cref="Faces"/> is null when only the file's size/mtime changed but its content
/// hash did not (nothing to redo).
/// </summary>
public sealed record PhotoOutcome(
    string Path,
    long Size,
    long MtimeMs,
    string? ContentHash,
    int Width,
    int Height,
    PhotoStatus Status,
    string? Error,
    string Profile,
    IReadOnlyList<FaceRecord>? Faces);
