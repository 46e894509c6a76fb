using System.Runtime.InteropServices;

namespace FaceCluster.Scanning;

/// <summary>
/// What stat(2) says about a path, read with statx so that nothing is opened: opening a FIFO or a device to look at it
/// can block forever. statx's structure has the same layout on every architecture, unlike struct stat.
/// </summary>
public readonly record struct FileStatus(FileKind Kind, long Size, long MtimeMs, FileIdentity Identity)
{
    /// <summary>
    /// Stored mtimes count milliseconds from 0001-01-01 (DateTime ticks / 10,000, as FileInfo gave them), so libraries
    /// written before statx see their photos unchanged.
    /// </summary>
    private const long EpochMs = 62_135_596_800_000;

    /// <summary>
    /// The status of <paramref name="path"/> (links followed unless <paramref name="followLinks"/> is false), or the
    /// errno that stat failed with.
    /// </summary>
    public static unsafe (FileStatus Status, int Errno) Of(ReadOnlySpan<byte> nulTerminatedPath, bool followLinks = true)
    {
        var buffer = stackalloc byte[LibC.StatxSize];
        fixed (byte* path = nulTerminatedPath)
        {
            if (LibC.statx(LibC.AtFdCwd, path, followLinks ? 0 : LibC.AtSymlinkNoFollow, LibC.StatxBasicStats, buffer) != 0)
            {
                return (default, Marshal.GetLastPInvokeError());
            }
        }

        var fields = new ReadOnlySpan<byte>(buffer, LibC.StatxSize);
        var mode = MemoryMarshal.Read<ushort>(fields[28..]);
        var size = MemoryMarshal.Read<long>(fields[40..]);
        var mtimeSeconds = MemoryMarshal.Read<long>(fields[112..]);
        var mtimeNanoseconds = MemoryMarshal.Read<uint>(fields[120..]);
        var inode = MemoryMarshal.Read<ulong>(fields[32..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(fields[136..]) << 32) | MemoryMarshal.Read<uint>(fields[140..]);
        return (new FileStatus(KindOf(mode), size, EpochMs + (mtimeSeconds * 1000) + (mtimeNanoseconds / 1_000_000), new FileIdentity(device, inode)), 0);
    }

    public static (FileStatus Status, int Errno) Of(string path, bool followLinks = true) => Of(LibC.PathBytes(path), followLinks);

    /// <summary>How a user would name the kind in "not a regular file: ...".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "FIFO (named pipe)",
        FileKind.CharacterDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Socket => "socket",
        FileKind.Directory => "folder",
        FileKind.SymbolicLink => "symbolic link",
        FileKind.Regular => "regular file",
        _ => "unknown file type",
    };

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xC000 => FileKind.Socket,
        0xA000 => FileKind.SymbolicLink,
        _ => FileKind.Unknown,
    };
}
