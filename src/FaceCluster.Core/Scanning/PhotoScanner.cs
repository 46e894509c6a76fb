using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FaceCluster.Decoding;
using Microsoft.Win32.SafeHandles;

namespace FaceCluster.Scanning;

/// <summary>
/// Walks folders recursively and yields candidate photo files: recognised by content, or carrying a photo extension.
/// Only regular files are ever opened (FIFOs and devices are told by stat and never opened: opening one can block
/// forever); special files with a photo extension are passed on so they are recorded with a reason. Symbolic links to
/// folders are followed once: every folder is visited by its resolved real path, so link loops end; a link up the tree
/// to a folder that contains a scan root, and kernel pseudo filesystems (/proc, /sys ...), are skipped with a warning.
/// Unreadable folders are reported and skipped.
/// </summary>
public sealed class PhotoScanner(Action<string>? warn = null)
{
    private const string BadNameReason = "file name is not valid UTF-8 (its invalid bytes are shown as \\xNN); rename the file";

    public async IAsyncEnumerable<FoundFile> ScanAsync(
        IEnumerable<string> roots, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fullRoots = roots.Select(Path.GetFullPath).ToList();
        var realRoots = fullRoots.Select(r => RealPath(r) ?? r).ToList();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, bool IsRoot)>();
        var header = new byte[PhotoFormats.HeaderLength];
        foreach (var root in Enumerable.Reverse(fullRoots))
        {
            pending.Push((root, true));
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (path, isRoot) = pending.Pop();
            var (status, errno) = FileStatus.Of(path);
            if (errno != 0 || status.Kind != FileKind.Directory)
            {
                if (Candidate(new Entry(path, LibC.PathBytes(path), BadName: false), status, errno, header) is { } single)
                {
                    yield return single;
                }

                continue;
            }

            if (!ShouldDescend(path, isRoot, realRoots, visited))
            {
                continue;
            }

            var entries = List(path);
            if (entries is null)
            {
                continue;
            }

            var folders = new List<string>();
            var files = new List<(Entry Entry, FileStatus Status, int Errno)>();
            foreach (var entry in entries)
            {
                var (entryStatus, entryErrno) = FileStatus.Of(entry.Raw);
                if (entryErrno == 0 && entryStatus.Kind == FileKind.Directory)
                {
                    if (entry.BadName)
                    {
                        warn?.Invoke($"skipping folder {entry.Path}: its name is not valid UTF-8; rename it");
                    }
                    else
                    {
                        folders.Add(entry.Path);
                    }
                }
                else
                {
                    files.Add((entry, entryStatus, entryErrno));
                }
            }

            // Pushed in reverse, so the stack pops sub-folders in name order.
            foreach (var folder in Enumerable.Reverse(folders))
            {
                pending.Push((folder, false));
            }

            foreach (var (entry, entryStatus, entryErrno) in files)
            {
                if (Candidate(entry, entryStatus, entryErrno, header) is { } file)
                {
                    yield return file;
                }
            }

            await Task.Yield();
        }
    }

    /// <summary>A folder entry: its printable path, its raw NUL-terminated path, and whether its name was not valid UTF-8.</summary>
    private sealed record Entry(string Path, byte[] Raw, bool BadName);

    private bool ShouldDescend(string path, bool isRoot, List<string> realRoots, HashSet<string> visited)
    {
        if (PseudoFileSystems.NameOf(path) is { } pseudo)
        {
            warn?.Invoke($"skipping {path}: it is on a {pseudo} pseudo filesystem, which holds no photos");
            return false;
        }

        var real = RealPath(path) ?? path;
        if (!isRoot && FileStatus.Of(path, followLinks: false).Status.Kind == FileKind.SymbolicLink
            && realRoots.FirstOrDefault(root => IsSameOrUnder(root, real)) is { } contained)
        {
            // Following it would scan the root again from above, and from "/" the whole disk.
            warn?.Invoke($"skipping {path}: it leads to {real}, which contains the scanned folder {contained}");
            return false;
        }

        return visited.Add(real);
    }

    private List<Entry>? List(string directory)
    {
        string[] names;
        try
        {
            names = Directory.GetFileSystemEntries(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warn?.Invoke($"cannot read folder {directory}: {ex.Message}");
            return null;
        }

        List<Entry> entries;
        if (names.Any(n => n.Contains('\uFFFD', StringComparison.Ordinal)) && RawDirectory.Names(directory) is { } raw)
        {
            // Some names are not valid UTF-8 (or contain U+FFFD): only the bytes tell them apart.
            var prefix = System.Text.Encoding.UTF8.GetBytes(directory.EndsWith('/') ? directory : directory + "/");
            entries = raw.Select(name => new Entry(
                Path.Combine(directory, FileNames.Escape(name)),
                LibC.PathBytes([.. prefix, .. name]),
                !FileNames.IsValidUtf8(name))).ToList();
        }
        else
        {
            entries = names.Select(n => new Entry(n, LibC.PathBytes(n), BadName: false)).ToList();
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    private static FoundFile? Candidate(Entry entry, FileStatus status, int errno, byte[] header)
    {
        var photoName = PhotoFormats.HasPhotoExtension(entry.Path);
        if (errno != 0 || status.Kind != FileKind.Regular)
        {
            // A dangling link, an unreadable entry or a FIFO/device named like a photo is recorded with its reason;
            // anything else that is not a regular file is not ours, and is never opened to find out.
            return photoName ? new FoundFile(entry.Path, status.Size, status.MtimeMs, entry.BadName ? BadNameReason : null) : null;
        }

        if (!photoName && !LooksLikeImage(entry.Raw, header))
        {
            return null;
        }

        return new FoundFile(entry.Path, status.Size, status.MtimeMs, entry.BadName ? BadNameReason : null);
    }

    private static unsafe bool LooksLikeImage(byte[] path, byte[] header)
    {
        int descriptor;
        fixed (byte* raw = path)
        {
            // Non-blocking, so a file swapped for a FIFO after the stat cannot hang the scan.
            descriptor = LibC.open(raw, LibC.OpenReadOnlyNonBlocking);
        }

        if (descriptor < 0)
        {
            // Unreadable without a photo extension: nothing says it is a photo, so it is not one of ours.
            return false;
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        try
        {
            var read = RandomAccess.Read(handle, header, 0);
            return PhotoFormats.Detect(header.AsSpan(0, read)) != PhotoFormat.Unknown;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static bool IsSameOrUnder(string path, string folder) =>
        path == folder || folder == "/" || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static unsafe string? RealPath(string directory)
    {
        // realpath(3) resolves every link on the way, so a folder reached through any chain of links has one identity.
        IntPtr resolved;
        fixed (byte* path = LibC.PathBytes(directory))
        {
            resolved = LibC.realpath(path, IntPtr.Zero);
        }

        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            LibC.free(resolved);
        }
    }
}
