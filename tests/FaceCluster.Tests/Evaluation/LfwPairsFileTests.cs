using FaceCluster.Evaluation;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Evaluation;

public sealed class LfwPairsFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public LfwPairsFileTests()
    {
        // Only existence matters to the parser, so empty files stand in for images.
        foreach (var image in (string[])
                 [
                     "Alice/Alice_0001.jpg", "Alice/Alice_0002.jpg", "Bob/Bob_0001.png", "Bob/Bob_0002.jpg",
                     "Bob/Bob_0002.png", "Carol/Carol_0001.jpg", "Carol/Carol_0003.jpg",
                 ])
        {
            var path = Path.Combine(_temp.Path, image);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
        }
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Parse_ValidFile_GivesPairsWithPathsKindsAndFolds()
    {
        var file = Parse("2\t1\nAlice\t1\t2\nAlice\t1\tBob\t1\nCarol\t1\t3\nBob\t2\tCarol\t1\n");

        Assert.Equal(2, file.FoldCount);
        Assert.Equal(1, file.PairsPerFoldAndKind);
        Assert.Equal(4, file.DeclaredPairCount);
        Assert.Equal(0, file.SkippedPairCount);
        Assert.Equal(
            [
                new LfwPair(Image("Alice/Alice_0001.jpg"), Image("Alice/Alice_0002.jpg"), true, 0, 2),
                new LfwPair(Image("Alice/Alice_0001.jpg"), Image("Bob/Bob_0001.png"), false, 0, 3),
                new LfwPair(Image("Carol/Carol_0001.jpg"), Image("Carol/Carol_0003.jpg"), true, 1, 4),
                new LfwPair(Image("Bob/Bob_0002.jpg"), Image("Carol/Carol_0001.jpg"), false, 1, 5),
            ],
            file.Pairs);
        Assert.Equal([true, false, true, false], file.GetIsSame());
        Assert.Equal([0, 0, 1, 1], file.GetFolds());
        Assert.Equal(2, file.Folds.Count);
        Assert.Equal([file.Pairs[2], file.Pairs[3]], file.Folds[1]);
    }

    [Fact]
    public void Parse_PngOnly_FallsBackToPng_AndJpgWinsWhenBothExist()
    {
        var file = Parse("1 1\nBob 1 2\nBob 2 Alice 1\n");

        Assert.Equal(Image("Bob/Bob_0001.png"), file.Pairs[0].PathA);
        Assert.Equal(Image("Bob/Bob_0002.jpg"), file.Pairs[0].PathB);
    }

    [Fact]
    public void Parse_MissingImages_SkipsAndCountsThePairs()
    {
        var file = Parse("1 2\nAlice 1 2\nCarol 1 2\nAlice 1 Dave 1\nBob 1 Carol 1\n");

        Assert.Equal(2, file.SkippedPairCount);
        Assert.Equal([3, 4], file.SkippedLineNumbers);
        Assert.Equal([2, 5], file.Pairs.Select(p => p.LineNumber));
        Assert.Equal([true, false], file.GetIsSame());
    }

    [Fact]
    public void Parse_OneNumberHeader_IsOneFold()
    {
        var file = Parse("2\nAlice 1 2\nCarol 1 3\nAlice 1 Bob 1\nBob 2 Carol 1\n");

        Assert.Equal(1, file.FoldCount);
        Assert.Equal(2, file.PairsPerFoldAndKind);
        Assert.All(file.Pairs, p => Assert.Equal(0, p.Fold));
    }

    [Fact]
    public void Parse_BlankLines_AreIgnored()
    {
        var file = Parse("\n1 1\n\nAlice 1 2\n   \nAlice 1 Bob 1\n\n\n");

        Assert.Equal([4, 6], file.Pairs.Select(p => p.LineNumber));
    }

    [Theory]
    [InlineData("Alice 1 2 3 4", "found 5")]
    [InlineData("Alice 1", "found 2")]
    [InlineData("Alice one 2", "\"one\"")]
    [InlineData("Alice 1 Bob -1", "\"-1\"")]
    [InlineData("Alice 1 Bob 1.0", "\"1.0\"")]
    [InlineData("../Alice 1 2", "\"../Alice\"")]
    public void Parse_MalformedLine_ThrowsWithLineNumberAndLine(string badLine, string detail)
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse($"1 1\nAlice 1 2\n{badLine}\n"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Equal(badLine, ex.Line);
        Assert.Contains("line 3", ex.Message);
        Assert.Contains(badLine, ex.Message);
        Assert.Contains(detail, ex.Reason);
        Assert.IsAssignableFrom<FormatException>(ex);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten 300")]
    [InlineData("10 0")]
    [InlineData("10 300 1")]
    [InlineData("2 2000000000")]
    public void Parse_BadHeader_ThrowsAtLineOne(string header)
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse(header + "\nAlice 1 2\n"));

        Assert.Equal(header.Length == 0 ? 2 : 1, ex.LineNumber);
    }

    [Fact]
    public void Parse_EmptyText_ThrowsMissingHeader()
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse(""));

        Assert.Equal(1, ex.LineNumber);
        Assert.Null(ex.Line);
        Assert.Contains("header", ex.Reason);
    }

    [Fact]
    public void Parse_FewerLinesThanHeader_ThrowsAfterLastLine()
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse("2 1\nAlice 1 2\nAlice 1 Bob 1\nCarol 1 3\n"));

        Assert.Equal(5, ex.LineNumber);
        Assert.Null(ex.Line);
        Assert.Contains("ends after 3 pair lines", ex.Reason);
        Assert.Contains("= 4", ex.Reason);
    }

    [Fact]
    public void Parse_MoreLinesThanHeader_ThrowsAtFirstExtraLine()
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse("1 1\nAlice 1 2\nAlice 1 Bob 1\nCarol 1 3\n"));

        Assert.Equal(4, ex.LineNumber);
        Assert.Equal("Carol 1 3", ex.Line);
    }

    [Fact]
    public void Parse_FoldWithWrongSameDifferentSplit_ThrowsAtFoldEnd()
    {
        var ex = Assert.Throws<LfwPairsFormatException>(() => Parse("2 1\nAlice 1 2\nCarol 1 3\nAlice 1 Bob 1\nBob 2 Carol 1\n"));

        Assert.Equal(3, ex.LineNumber);
        Assert.Contains("fold 1", ex.Reason);
        Assert.Contains("2 same and 0 different", ex.Reason);
    }

    [Fact]
    public void Parse_FromPath_NamesTheFileInErrors()
    {
        var path = _temp.File("pairs.txt");
        File.WriteAllText(path, "1 1\nAlice 1 2\nAlice x Bob 1\n");

        var ex = Assert.Throws<LfwPairsFormatException>(() => LfwPairsFile.Parse(path, _temp.Path));

        Assert.Equal(path, ex.PairsFile);
        Assert.StartsWith($"{path}, line 3:", ex.Message);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Parse_RealLfwPairs_Gives6000PairsIn10FoldsOf600()
    {
        var file = LfwPairsFile.Parse(Path.Combine(TestPaths.Lfw, "pairs.txt"), TestPaths.LfwImages);

        Assert.Equal(10, file.FoldCount);
        Assert.Equal(300, file.PairsPerFoldAndKind);
        Assert.Equal(0, file.SkippedPairCount);
        Assert.Equal(6000, file.Pairs.Count);
        Assert.Equal(3000, file.Pairs.Count(p => p.IsSame));
        Assert.All(file.Folds, fold =>
        {
            Assert.Equal(600, fold.Count);
            Assert.Equal(300, fold.Count(p => p.IsSame));
        });
        Assert.True(file.Pairs[299].IsSame);
        Assert.False(file.Pairs[300].IsSame);
        Assert.Equal(302, file.Pairs[300].LineNumber);
        Assert.Equal(VerificationMetrics.ContiguousFolds(6000, 10), file.GetFolds());
        Assert.Equal(Path.Combine(TestPaths.LfwImages, "Abel_Pacheco", "Abel_Pacheco_0001.jpg"), file.Pairs[0].PathA);
        Assert.Equal(Path.Combine(TestPaths.LfwImages, "Abel_Pacheco", "Abel_Pacheco_0004.jpg"), file.Pairs[0].PathB);
        Assert.All(file.Pairs, p => Assert.True(File.Exists(p.PathA) && File.Exists(p.PathB), $"line {p.LineNumber}"));
    }

    private LfwPairsFile Parse(string text) => LfwPairsFile.Parse(new StringReader(text), _temp.Path);

    private string Image(string relative) => Path.Combine(_temp.Path, relative);
}
