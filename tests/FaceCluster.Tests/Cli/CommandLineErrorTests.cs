using FaceCluster.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>Wrong command lines and wrong corrections are usage errors (exit 2) with the reason on stderr.</summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "status", "--bogus")]
    [InlineData("Cannot parse argument 'abc'", "name", "abc", "Ada")]
    [InlineData("Option '--format' is required", "export", "--out", "x.json")]
    [InlineData("Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData("Required command was not provided", "models")]
    [InlineData("--k must be at least 1", "search", "--k", "0", "photo.jpg")]
    public async Task ParseError_ExitsWithUsageCode_AndTheParserMessageOnStderr(string message, params string[] args)
    {
        var (code, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"error: {message}", error);
        Assert.Contains("--help", error);
        Assert.DoesNotContain("error", output);
    }

    [Fact]
    public async Task Help_IsNotAnError()
    {
        var (code, output, _) = await CliRunner.RunAsync("name", "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("PERSON", output);
    }

    [Fact]
    public async Task Name_StartingWithAt_IsTheLiteralName_NotAResponseFile()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var responseFile = _temp.File("hostname");
        File.WriteAllText(responseFile, "Mallory");

        var (code, _, error) = await CliRunner.RunAsync("name", library.First.ToString(), $"@{responseFile}", "--db", library.Database);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal($"@{responseFile}", library.Person(library.First).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public async Task Name_EmptyOrWhitespace_IsRefused(string name)
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));

        var (code, _, error) = await CliRunner.RunAsync("name", library.First.ToString(), name, "--db", library.Database);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("name cannot be empty", error);
        Assert.Null(library.Person(library.First).Name);
    }

    [Fact]
    public async Task Name_OfAMergedAwayPerson_IsRefusedNamingThePersonItWasMergedInto()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("merge", library.First.ToString(), library.Second.ToString(), "--db", library.Database)).ExitCode);

        var (code, output, error) = await CliRunner.RunAsync("name", library.Second.ToString(), "Ada", "--db", library.Database);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"person {library.Second} was merged into person {library.First}; name person {library.First} instead", error);
        Assert.Empty(output);
        Assert.Null(library.Person(library.Second).Name);
        Assert.Null(library.Person(library.First).Name);
    }

    [Theory]
    [InlineData("no person 9999", "name", "9999", "Ada")]
    [InlineData("no person 9999", "merge", "FIRST", "9999")]
    [InlineData("no person 9999", "merge", "9999", "FIRST")]
    [InlineData("no face 9999", "reject", "9999")]
    public async Task Correction_OfAnUnknownId_IsAUsageErrorNamingIt(string message, params string[] args)
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        string[] command = [.. args.Select(a => a == "FIRST" ? library.First.ToString() : a), "--db", library.Database];

        var (code, _, error) = await CliRunner.RunAsync(command);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"error: {message}", error.Trim());
    }

    [Fact]
    public async Task Merge_OfAPersonIntoItself_IsAUsageError()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var id = library.First.ToString();

        var (code, _, error) = await CliRunner.RunAsync("merge", id, id, "--db", library.Database);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains($"cannot merge person {id} into itself", error);
    }

    [Theory]
    [InlineData("""{ "Grouping": { "K": 0 } }""", "K must lie in 1..256")]
    [InlineData("""{ "Profiles": { "faceapi": { "Threshold": 5 } } }""", "Profiles.faceapi.Threshold")]
    public async Task Group_WithAnOutOfRangeSetting_IsAConfigurationError(string settings, string message)
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var config = _temp.File("config.json");
        File.WriteAllText(config, settings);

        var (code, _, error) = await CliRunner.RunAsync("group", "--db", library.Database, "--config", config);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error);
        Assert.DoesNotContain("Exception", error);
    }
}
