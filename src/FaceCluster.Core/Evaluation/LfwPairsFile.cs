using System.Globalization;

namespace FaceCluster.Evaluation;

/// <summary>
/// An LFW pairs file (<c>pairs.txt</c>) resolved against an images folder, read the way davidsandberg/facenet's
/// <c>lfw.read_pairs</c> and <c>lfw.get_paths</c> read it, but strictly checked.
/// </summary>
/// <remarks>
/// <para>Format: a header, then pair lines. The header <c>F N</c> announces F folds of N same pairs and N different pairs
/// (the standard file has <c>10 300</c>); a one-number header <c>N</c> (as in <c>pairsDevTrain.txt</c>) means one fold. A same
/// pair is <c>name i j</c> and a different pair <c>name1 i name2 j</c>; image <c>i</c> of <c>name</c> is
/// <c>name/name_%04d</c> plus <c>.jpg</c>, or <c>.png</c> when only that exists (facenet's <c>add_extension</c>). Fold k is
/// the k-th block of 2N pair lines. Tokens are separated by any whitespace; blank lines are ignored.</para>
/// <para>Unlike facenet, which ignores the header and mis-reads a line with the wrong number of tokens, a malformed header
/// or line, or a fold whose same/different counts disagree with the header, throws <see cref="LfwPairsFormatException"/>.
/// A pair with a missing image is skipped and counted, as <c>get_paths</c> intends (it keeps a pair only if both files exist
/// and prints <c>Skipped %d image pairs</c>); facenet itself never gets that far, because <c>add_extension</c> raises
/// <c>RuntimeError</c> for a missing image first.</para>
/// <threadsafety>Immutable once parsed.</threadsafety>
/// </remarks>
public sealed class LfwPairsFile
{
    private LfwPairsFile(int foldCount, int pairsPerKind, LfwPair[] pairs, int[] skippedLines)
    {
        FoldCount = foldCount;
        PairsPerFoldAndKind = pairsPerKind;
        Pairs = Array.AsReadOnly(pairs);
        SkippedLineNumbers = Array.AsReadOnly(skippedLines);
        var folds = new List<LfwPair>[foldCount];
        for (var f = 0; f < foldCount; f++)
        {
            folds[f] = [];
        }

        foreach (var pair in pairs)
        {
            folds[pair.Fold].Add(pair);
        }

        Folds = Array.AsReadOnly(folds.Select(f => (IReadOnlyList<LfwPair>)f.AsReadOnly()).ToArray());
    }

    /// <summary>The number of folds the header announces (10 for the standard file).</summary>
    public int FoldCount { get; }

    /// <summary>How many same pairs, and how many different pairs, each fold has according to the header (300).</summary>
    public int PairsPerFoldAndKind { get; }

    /// <summary>The number of pair lines the header announces: folds × 2 × pairs per kind.</summary>
    public int DeclaredPairCount => FoldCount * 2 * PairsPerFoldAndKind;

    /// <summary>The pairs whose two images exist, in file order.</summary>
    public IReadOnlyList<LfwPair> Pairs { get; }

    /// <summary>The kept pairs grouped by fold (a fold may hold fewer than 2N pairs when pairs were skipped).</summary>
    public IReadOnlyList<IReadOnlyList<LfwPair>> Folds { get; }

    /// <summary>The 1-based lines of the pairs left out because an image was missing.</summary>
    public IReadOnlyList<int> SkippedLineNumbers { get; }

    /// <summary>How many pairs were left out because an image was missing.</summary>
    public int SkippedPairCount => SkippedLineNumbers.Count;

    /// <summary>Reads the pairs file at <paramref name="path"/>, resolving images under <paramref name="lfwImagesDir"/>.</summary>
    /// <exception cref="LfwPairsFormatException">The file is malformed.</exception>
    public static LfwPairsFile Parse(string path, string lfwImagesDir)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Parse(reader, lfwImagesDir, path);
    }

    /// <summary>Reads a pairs file from <paramref name="reader"/>, resolving images under <paramref name="lfwImagesDir"/>.</summary>
    /// <param name="reader">The file's text.</param>
    /// <param name="lfwImagesDir">The folder holding one sub-folder per person.</param>
    /// <param name="sourceName">Names the input in error messages.</param>
    /// <exception cref="LfwPairsFormatException">The text is malformed.</exception>
    public static LfwPairsFile Parse(TextReader reader, string lfwImagesDir, string sourceName = "pairs file")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(lfwImagesDir);
        ArgumentNullException.ThrowIfNull(sourceName);

        var lineNumber = 0;
        string? line;
        string[] tokens;
        do
        {
            line = reader.ReadLine();
            lineNumber++;
            if (line is null)
            {
                throw new LfwPairsFormatException(sourceName, lineNumber, null, "missing header (\"folds pairs-per-fold\", e.g. \"10 300\")");
            }

            tokens = Split(line);
        }
        while (tokens.Length == 0);

        var (foldCount, perKind) = ParseHeader(sourceName, lineNumber, line, tokens);
        if ((long)foldCount * 2 * perKind > int.MaxValue)
        {
            throw new LfwPairsFormatException(sourceName, lineNumber, line, "the header announces more pairs than can be held");
        }

        var linesPerFold = 2 * perKind;
        var declared = foldCount * linesPerFold;

        var pairs = new List<LfwPair>(Math.Min(declared, 1 << 16));
        var skipped = new List<int>();
        var pairIndex = 0;
        var sameInFold = 0;
        var lastLine = lineNumber;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            tokens = Split(line);
            if (tokens.Length == 0)
            {
                continue;
            }

            lastLine = lineNumber;
            if (pairIndex >= declared)
            {
                throw new LfwPairsFormatException(
                    sourceName, lineNumber, line, $"more pair lines than the header announces ({foldCount} × 2 × {perKind} = {declared})");
            }

            var fold = pairIndex / linesPerFold;
            var (a, b, isSame) = ParsePair(sourceName, lineNumber, line, tokens, lfwImagesDir);
            if (isSame)
            {
                sameInFold++;
            }

            if (a is not null && b is not null)
            {
                pairs.Add(new LfwPair(a, b, isSame, fold, lineNumber));
            }
            else
            {
                skipped.Add(lineNumber);
            }

            if (pairIndex % linesPerFold == linesPerFold - 1)
            {
                if (sameInFold != perKind)
                {
                    throw new LfwPairsFormatException(
                        sourceName, lineNumber, line,
                        $"fold {fold + 1} ends here with {sameInFold} same and {linesPerFold - sameInFold} different pairs; the header announces {perKind} of each");
                }

                sameInFold = 0;
            }

            pairIndex++;
        }

        if (pairIndex < declared)
        {
            throw new LfwPairsFormatException(
                sourceName, lastLine + 1, null,
                $"the file ends after {pairIndex} pair lines; the header announces {foldCount} × 2 × {perKind} = {declared}");
        }

        return new LfwPairsFile(foldCount, perKind, [.. pairs], [.. skipped]);
    }

    /// <summary>Whether each kept pair is a same pair, in <see cref="Pairs"/> order.</summary>
    public bool[] GetIsSame() => Pairs.Select(p => p.IsSame).ToArray();

    /// <summary>The file fold of each kept pair, in <see cref="Pairs"/> order.</summary>
    /// <remarks>
    /// facenet does not use these: it re-splits the kept pairs into contiguous folds (see
    /// <see cref="VerificationMetrics.ContiguousFolds"/>), which equal the file folds only when no pair was skipped.
    /// </remarks>
    public int[] GetFolds() => Pairs.Select(p => p.Fold).ToArray();

    private static string[] Split(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static (int Folds, int PerKind) ParseHeader(string source, int lineNumber, string line, string[] tokens)
    {
        if (tokens.Length is 1 or 2
            && tokens.All(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0))
        {
            var values = tokens.Select(t => int.Parse(t, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
            return values.Length == 2 ? (values[0], values[1]) : (1, values[0]);
        }

        throw new LfwPairsFormatException(
            source, lineNumber, line, "the header must be \"folds pairs-per-fold\" (e.g. \"10 300\") or \"pairs\", with positive integers");
    }

    private static (string? A, string? B, bool IsSame) ParsePair(string source, int lineNumber, string line, string[] tokens, string imagesDir)
    {
        switch (tokens.Length)
        {
            case 3:
            {
                var name = CheckName(source, lineNumber, line, tokens[0]);
                var i = ParseIndex(source, lineNumber, line, tokens[1]);
                var j = ParseIndex(source, lineNumber, line, tokens[2]);
                return (ResolveImage(imagesDir, name, i), ResolveImage(imagesDir, name, j), true);
            }

            case 4:
            {
                var name1 = CheckName(source, lineNumber, line, tokens[0]);
                var i = ParseIndex(source, lineNumber, line, tokens[1]);
                var name2 = CheckName(source, lineNumber, line, tokens[2]);
                var j = ParseIndex(source, lineNumber, line, tokens[3]);
                return (ResolveImage(imagesDir, name1, i), ResolveImage(imagesDir, name2, j), false);
            }

            default:
                throw new LfwPairsFormatException(
                    source, lineNumber, line,
                    $"expected 3 tokens (name i j) or 4 tokens (name1 i name2 j), found {tokens.Length}");
        }
    }

    private static string CheckName(string source, int lineNumber, string line, string name)
    {
        if (name is "." or ".." || name.Contains('/') || name.Contains('\\'))
        {
            throw new LfwPairsFormatException(source, lineNumber, line, $"\"{name}\" is not a person's folder name");
        }

        return name;
    }

    private static int ParseIndex(string source, int lineNumber, string line, string token) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new LfwPairsFormatException(source, lineNumber, line, $"image number \"{token}\" is not a non-negative integer");

    /// <summary>facenet's <c>add_extension</c>: <c>.jpg</c> first, then <c>.png</c>; null when neither exists.</summary>
    private static string? ResolveImage(string imagesDir, string name, int index)
    {
        var stem = Path.Combine(imagesDir, name, string.Create(CultureInfo.InvariantCulture, $"{name}_{index:D4}"));
        foreach (var extension in (ReadOnlySpan<string>)[".jpg", ".png"])
        {
            var path = stem + extension;
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
