using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Builds HTML from an interpolated string with every hole HTML-escaped (names, paths, messages), so no text from the
/// library can become markup; only <see cref="Markup"/> built the same way is inserted as is.
/// </summary>
public static class Html
{
    public static Markup Of(ref Builder html) => html.ToMarkup();

    [InterpolatedStringHandler]
    public ref struct Builder
    {
        private readonly StringBuilder _text;

        public Builder(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

        public readonly void AppendLiteral(string value) => _text.Append(value);

        public readonly void AppendFormatted(Markup value) => _text.Append(value.Value);

        public readonly void AppendFormatted<T>(T value) =>
            _text.Append(WebUtility.HtmlEncode(Convert.ToString(value, CultureInfo.InvariantCulture)));

        public readonly void AppendFormatted<T>(T value, string format)
            where T : IFormattable =>
            _text.Append(WebUtility.HtmlEncode(value.ToString(format, CultureInfo.InvariantCulture)));

        public readonly Markup ToMarkup() => new(_text.ToString());
    }
}
