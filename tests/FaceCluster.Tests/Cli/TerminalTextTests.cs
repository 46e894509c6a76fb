using FaceCluster.Cli;

namespace FaceCluster.Tests.Cli;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b]0;pwned\u0007X\u001b[31mred", "\\u001b]0;pwned\\u0007X\\u001b[31mred")]
    [InlineData("a\u009b31mb", "a\\u009b31mb")]
    [InlineData("line\nforged line\r", "line\\u000aforged line\\u000d")]
    [InlineData("gpj.\u202eexe", "gpj.\\u202eexe")]
    [InlineData("\u2066isolate\u2069 \u200fmark", "\\u2066isolate\\u2069 \\u200fmark")]
    [InlineData("del\u007f", "del\\u007f")]
    public void Escape_ControlAndBidiCharacters_AreShownAsVisibleEscapes(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(text));

    [Theory]
    [InlineData("Zoë Saldaña")]
    [InlineData("山田 太郎")]
    [InlineData("עברית")]
    [InlineData("/photos/2024/party [1].jpg")]
    public void Escape_OrdinaryText_IsUnchanged(string text) => Assert.Equal(text, TerminalText.Escape(text));

    [Fact]
    public void TerminalLine_EscapesInterpolatedStrings_ButNotTheProgramsOwnText()
    {
        var name = "\u001b[2J";
        var line = Line($"\tperson {42,-4} is {name} ({3.5:0.0})");

        Assert.Equal("\tperson 42   is \\u001b[2J (3.5)", line);
    }

    private static string Line(ref TerminalLine line) => line.ToStringAndClear();
}
