using System.Runtime.CompilerServices;

namespace FaceCluster.Cli;

/// <summary>
/// An interpolated line for the terminal: the literal parts are the program's own text, every interpolated string is
/// escaped with <see cref="TerminalText.Escape"/>. Numbers and other values format as usual (alignment included).
/// </summary>
[InterpolatedStringHandler]
public ref struct TerminalLine
{
    private DefaultInterpolatedStringHandler _text;

    public TerminalLine(int literalLength, int formattedCount)
    {
        _text = new DefaultInterpolatedStringHandler(literalLength, formattedCount);
    }

    public void AppendLiteral(string literal) => _text.AppendLiteral(literal);

    public void AppendFormatted(string? value, int alignment = 0, string? format = null) =>
        _text.AppendFormatted(value is null ? null : TerminalText.Escape(value), alignment, format);

    public void AppendFormatted<T>(T value, int alignment = 0, string? format = null)
    {
        if (value is string text)
        {
            AppendFormatted(text, alignment, format);
        }
        else
        {
            _text.AppendFormatted(value, alignment, format);
        }
    }

    public string ToStringAndClear() => _text.ToStringAndClear();
}
