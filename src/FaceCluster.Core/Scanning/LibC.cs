using System.Runtime.InteropServices;

namespace FaceCluster.Scanning;

/// <summary>
/// The few libc calls .NET does not offer: stat without opening (statx), the filesystem type (statfs), link
/// resolution (realpath) and raw directory names (readdir). Paths are passed as NUL-terminated bytes so names that are
/// not valid UTF-8 reach the kernel unchanged.
/// </summary>
internal static unsafe partial class LibC
{
    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const uint StatxBasicStats = 0x7FF;
    public const int OpenReadOnlyNonBlocking = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC

    /// <summary>errno values (the same on x86_64 and arm64).</summary>
    public const int NoSuchFile = 2, PermissionDenied = 13, NotADirectory = 20;

    /// <summary>sizeof(struct statx) is 256 bytes on every architecture; the fields used sit at fixed offsets.</summary>
    public const int StatxSize = 256;

    /// <summary>Larger than struct statfs on every 64-bit Linux (120 bytes on x86_64 and arm64).</summary>
    public const int StatfsSize = 256;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int statfs(byte* path, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial IntPtr realpath(byte* path, IntPtr resolved);

    [LibraryImport("libc")]
    public static partial void free(IntPtr pointer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial IntPtr opendir(byte* path);

    [LibraryImport("libc", SetLastError = true)]
    public static partial IntPtr readdir(IntPtr directory);

    [LibraryImport("libc")]
    public static partial int closedir(IntPtr directory);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* path, int flags);

    /// <summary>The path as the NUL-terminated bytes the kernel sees.</summary>
    public static byte[] PathBytes(string path) => PathBytes(System.Text.Encoding.UTF8.GetBytes(path));

    public static byte[] PathBytes(ReadOnlySpan<byte> raw)
    {
        var bytes = new byte[raw.Length + 1];
        raw.CopyTo(bytes);
        return bytes;
    }
}
