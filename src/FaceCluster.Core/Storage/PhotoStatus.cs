namespace FaceCluster.Storage;

/// <summary>What the library knows about a photo file.</summary>
public enum PhotoStatus
{
    /// <summary>Decoded and searched for faces (possibly none found).</summary>
    Ok = 0,

    /// <summary>Could not be processed; <see cref="PhotoRecord.Error"/> says why. Retried when the file changes.</summary>
    Failed = 1,

    /// <summary>Was in the library but is gone from disk; <c>ingest --prune</c> removes it and its faces.</summary>
    Missing = 2,
}
