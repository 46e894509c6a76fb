using System.Globalization;
using System.Text;

namespace FaceCluster.Cli;

/// <summary>
/// Makes text from the library (person names, file names, messages quoting them) safe to print on a terminal: control
/// characters (C0 such as ESC and BEL, DEL, C1) and bidirectional overrides are shown as visible <c>\uXXXX</c>
/// escapes, so a name can neither send escape sequences (retitle the window, move the cursor, recolour) nor reorder
/// what is shown around it. JSON output does not need it: System.Text.Json already escapes those characters.
/// </summary>
public static class TerminalText
{
    public static string Escape(string text)
    {
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    /// <summary>Escaped for the terminal, then for Spectre.Console markup (table cells, markup lines).</summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Escape(text));

    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u061c' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
