using System.Buffers;
using System.Text;

namespace FaceCluster.Scanning;

/// <summary>File names that are not valid UTF-8, made into distinct printable paths.</summary>
public static class FileNames
{
    /// <summary>
    /// The name with every byte that is not part of valid UTF-8 written as \xNN (and backslashes as \x5c, so an
    /// escaped name cannot be mistaken for another escaped name). Two names differing only in invalid bytes stay distinct.
    /// </summary>
    public static string Escape(ReadOnlySpan<byte> name)
    {
        var text = new StringBuilder(name.Length + 8);
        while (!name.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(name, out var rune, out var consumed);
            if (status == OperationStatus.Done && rune.Value != '\\')
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in name[..consumed])
                {
                    text.Append($"\\x{b:x2}");
                }
            }

            name = name[consumed..];
        }

        return text.ToString();
    }

    public static bool IsValidUtf8(ReadOnlySpan<byte> name) => System.Text.Unicode.Utf8.IsValid(name);

    /// <summary>
    /// Whether a stored path names something on disk: as written, or (for a path stored with <see cref="Escape"/>d
    /// names) with its \xNN sequences turned back into the raw bytes.
    /// </summary>
    public static bool Exists(string path) =>
        File.Exists(path)
        || (path.Contains("\\x", StringComparison.Ordinal) && FileStatus.Of(LibC.PathBytes(Unescape(path)), followLinks: false).Errno == 0);

    private static byte[] Unescape(string path)
    {
        var bytes = new List<byte>(path.Length);
        var utf8 = new byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '\\' && i + 3 < path.Length && path[i + 1] == 'x'
                && byte.TryParse(path.AsSpan(i + 2, 2), System.Globalization.NumberStyles.HexNumber, null, out var raw))
            {
                bytes.Add(raw);
                i += 3;
            }
            else
            {
                var length = char.IsSurrogatePair(path, i) ? 2 : 1;
                bytes.AddRange(utf8.AsSpan(0, Encoding.UTF8.GetBytes(path.AsSpan(i, length), utf8)).ToArray());
                i += length - 1;
            }
        }

        return [.. bytes];
    }
}
