using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// Every command opens the library the same way: a missing library is the same usage error everywhere, reading
/// commands work while another run holds the library, writing commands refuse with exit code 5.
/// </summary>
public sealed class OpenLibraryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("status")]
    [InlineData("people")]
    [InlineData("export", "--format", "json", "--out", "OUT")]
    [InlineData("doctor")]
    [InlineData("doctor", "--fix")]
    [InlineData("group")]
    [InlineData("name", "1", "Ada")]
    [InlineData("merge", "1", "2")]
    [InlineData("reject", "1")]
    [InlineData("suggest")]
    [InlineData("deny", "1", "2")]
    [InlineData("serve", "--port", "0")]
    public async Task MissingLibrary_IsTheSameUsageErrorForEveryCommand(params string[] args)
    {
        var db = _temp.File("none.db");

        var (code, _, error) = await CliRunner.RunAsync([.. args.Select(a => a == "OUT" ? _temp.File("out.json") : a), "--db", db]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal($"error: no library database at {db} (run 'facecluster ingest' first)", error.Trim());
        Assert.False(File.Exists(db), "a command that needs a library must not create an empty one");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("people")]
    [InlineData("export", "--format", "json", "--out", "OUT")]
    [InlineData("doctor")]
    [InlineData("suggest")]
    public async Task ReadingCommand_WhileAnotherRunHoldsTheLibrary_Works(params string[] args)
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using var nightly = LibraryLock.Acquire(library.Database, "a long nightly run");

        var (code, _, error) = await CliRunner.RunAsync([.. args.Select(a => a == "OUT" ? _temp.File("out.json") : a), "--db", library.Database]);

        Assert.True(code == ExitCodes.Success, error);
    }

    [Theory]
    [InlineData("group")]
    [InlineData("doctor", "--fix")]
    [InlineData("name", "FIRST", "Ada")]
    [InlineData("merge", "FIRST", "SECOND")]
    [InlineData("reject", "FACE")]
    [InlineData("deny", "FIRST", "SECOND")]
    public async Task WritingCommand_WhileAnotherRunHoldsTheLibrary_RefusesWithExitCode5(params string[] args)
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        string[] command =
        [
            .. args.Select(a => a switch { "FIRST" => library.First.ToString(), "SECOND" => library.Second.ToString(), "FACE" => library.Faces[0].ToString(), _ => a }),
            "--db", library.Database,
        ];

        using (LibraryLock.Acquire(library.Database, "a long nightly run"))
        {
            var (code, _, error) = await CliRunner.RunAsync(command);

            Assert.Equal(ExitCodes.Locked, code);
            Assert.Contains("a long nightly run", error);
        }

        var (after, _, afterError) = await CliRunner.RunAsync(command);
        Assert.True(after == ExitCodes.Success, afterError);
    }
}
