namespace FaceCluster.Storage;

/// <summary>What the library knows about a photo file.</summary>
public enum PhotoStatus
{
    /// <summary>Decoded and searched for faces (possibly none found).</summary>
    Ok = 0,

    /// <summary>
    /// The file itself cannot be processed (unreadable, corrupt, a decompression bomb ...); <see cref="PhotoRecord.Error"/>
    /// says why. Retried only when the file changes.
    /// </summary>
    Failed = 1,

    /// <summary>Was in the library but is gone from disk; <c>ingest --prune</c> removes it and its faces.</summary>
    Missing = 2,

    /// <summary>
    /// The file decoded, but face detection, landmarks, alignment or embedding failed on it (a broken model session, a
    /// runtime error): not the file's fault, so the next run retries it. <see cref="PhotoRecord.Error"/> says why.
    /// </summary>
    ProcessingFailed = 3,
}
