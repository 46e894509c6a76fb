namespace FaceCluster.Export;

/// <summary>
/// A file's identity on Linux: device and inode, after following symbolic links (stat(2)). Two names with one identity
/// are one file, however they are spelt: a symbolic link, a hard link, a path through a linked folder.
/// </summary>
internal readonly partial record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of an existing file or folder; null when there is none (or it cannot be examined).</summary>
    public static unsafe FileIdentity? Of(string path)
    {
        // struct stat starts with st_dev and st_ino (8 bytes each) on 64-bit Linux; 256 bytes hold the whole struct.
        var buffer = stackalloc ulong[32];
        return NativeMethods.stat(path, buffer) == 0 ? new FileIdentity(buffer[0], buffer[1]) : null;
    }

    private static unsafe partial class NativeMethods
    {
        [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
        internal static partial int stat(string path, ulong* buffer);
    }
}
