using System.Runtime.CompilerServices;

namespace FaceCluster.Scanning;

/// <summary>
/// Walks folders recursively and yields candidate photo files: recognised by content, or carrying a photo extension.
/// Symbolic links to folders are followed once: every folder is visited by its resolved real path, so link loops end.
/// Unreadable folders are reported and skipped.
/// </summary>
public sealed partial class PhotoScanner(Action<string>? warn = null)
{
    public async IAsyncEnumerable<(string Path, long Size, long MtimeMs)> ScanAsync(
        IEnumerable<string> roots, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        var header = new byte[ImageSniffer.HeaderLength];
        foreach (var root in roots.Reverse())
        {
            pending.Push(Path.GetFullPath(root));
        }

        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = pending.Pop();
            if (File.Exists(path))
            {
                if (Candidate(path, header) is { } single)
                {
                    yield return single;
                }

                continue;
            }

            if (!visited.Add(RealPath(path)))
            {
                continue;
            }

            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warn?.Invoke($"cannot read folder {path}: {ex.Message}");
                continue;
            }

            Array.Sort(entries, StringComparer.Ordinal);
            foreach (var entry in entries.Reverse())
            {
                if (Directory.Exists(entry))
                {
                    pending.Push(entry);
                }
            }

            foreach (var entry in entries)
            {
                if (!Directory.Exists(entry) && Candidate(entry, header) is { } file)
                {
                    yield return file;
                }
            }

            await Task.Yield();
        }
    }

    private static (string, long, long)? Candidate(string path, byte[] header)
    {
        if (path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            // A name that is not valid UTF-8 cannot even be stat'ed through .NET: pass it on so it is recorded with a reason.
            return (path, 0, 0);
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return null;
            }

            var mtime = info.LastWriteTimeUtc.Ticks / TimeSpan.TicksPerMillisecond;
            if (ImageSniffer.HasImageExtension(path))
            {
                return (path, info.Length, mtime);
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return ImageSniffer.LooksLikeImage(header.AsSpan(0, read)) ? (path, info.Length, mtime) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable without a photo extension: nothing says it is a photo, so it is not one of ours.
            return null;
        }
    }

    private static string RealPath(string directory)
    {
        // realpath(3) resolves every link on the way, so a folder reached through any chain of links has one identity.
        var resolved = NativeMethods.realpath(directory, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return directory;
        }

        try
        {
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(resolved) ?? directory;
        }
        finally
        {
            NativeMethods.free(resolved);
        }
    }

    private static partial class NativeMethods
    {
        [System.Runtime.InteropServices.LibraryImport("libc", StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
        internal static partial IntPtr realpath(string path, IntPtr resolved);

        [System.Runtime.InteropServices.LibraryImport("libc")]
        internal static partial void free(IntPtr pointer);
    }
}
