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
}
