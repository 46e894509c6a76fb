namespace FaceCluster.Scanning;

/// <summary>
/// A file's identity on Linux: device and inode, after following symbolic links. Two names with one identity are one
/// file, however they are spelt: a symbolic link, a hard link, a path through a linked folder.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of an existing file or folder; null when there is none (or it cannot be examined).</summary>
    public static FileIdentity? Of(string path) => FileStatus.Of(path) is ({ } status, 0) ? status.Identity : null;
}
