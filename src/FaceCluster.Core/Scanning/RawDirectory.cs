using System.Runtime.InteropServices;

namespace FaceCluster.Scanning;

/// <summary>
/// A folder's entry names exactly as bytes (readdir). .NET decodes names as UTF-8 and turns every invalid byte into
/// U+FFFD, so two names that differ only in invalid bytes would come out as one; the bytes keep them apart.
/// </summary>
internal static class RawDirectory
{
    /// <summary>offsetof(struct dirent, d_name) on 64-bit glibc Linux (x86_64 and arm64): ino, off, reclen, type.</summary>
    private const int NameOffset = 19;

    /// <summary>The names in <paramref name="directory"/> (without . and ..), or null when it cannot be opened.</summary>
    public static unsafe List<byte[]>? Names(string directory)
    {
        IntPtr handle;
        fixed (byte* path = LibC.PathBytes(directory))
        {
            handle = LibC.opendir(path);
        }

        if (handle == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            var names = new List<byte[]>();
            IntPtr entry;
            while ((entry = LibC.readdir(handle)) != IntPtr.Zero)
            {
                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)entry + NameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(name.ToArray());
                }
            }

            return names;
        }
        finally
        {
            _ = LibC.closedir(handle);
        }
    }
}
