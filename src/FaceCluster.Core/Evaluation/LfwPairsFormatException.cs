namespace FaceCluster.Evaluation;

/// <summary>An LFW pairs file is malformed: a bad header, a line with the wrong tokens, or pair counts that disagree with the header.</summary>
public sealed class LfwPairsFormatException : FormatException
{
    public LfwPairsFormatException(string source, int lineNumber, string? line, string reason)
        : base(line is null
            ? $"{source}, line {lineNumber} (end of file): {reason}"
            : $"{source}, line {lineNumber}: {reason}: \"{line}\"")
    {
        PairsFile = source;
        LineNumber = lineNumber;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file path, or a description of the reader when there is none.</summary>
    public string PairsFile { get; }

    /// <summary>The 1-based line number of the offending line (one past the last line when the file ends early).</summary>
    public int LineNumber { get; }

    /// <summary>The offending line, or null when the file ended before an expected line.</summary>
    public string? Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
