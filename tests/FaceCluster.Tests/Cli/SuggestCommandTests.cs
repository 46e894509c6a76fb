using System.Text.Json;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Grouping;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Cli;

/// <summary><c>suggest</c> and <c>deny</c> through the real command line on a real library file.</summary>
public sealed class SuggestCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SuggestThenDeny_SplitPersonIsSuggestedFirstThenNeverAgain()
    {
        var db = _temp.File("lib.db");
        long split, other;
        using (var store = SqliteFaceStore.Open(db))
        {
            (split, other, _) = SplitLibrary.Create(store);
        }

        var first = await CliRunner.RunAsync("suggest", "--db", db, "--json");
        Assert.True(first.ExitCode == ExitCodes.Success, first.Output + first.Error);
        var best = JsonDocument.Parse(first.Output).RootElement.GetProperty("suggestions")[0];
        Assert.Equal(Math.Min(split, other), best.GetProperty("personA").GetInt64());
        Assert.Equal(Math.Max(split, other), best.GetProperty("personB").GetInt64());
        Assert.Equal(5, best.GetProperty("facesA").GetInt32());

        var table = await CliRunner.RunAsync("suggest", "--db", db, "--limit", "1");
        Assert.True(table.ExitCode == ExitCodes.Success, table.Output + table.Error);
        Assert.Contains("distance", table.Output);

        var denied = await CliRunner.RunAsync("deny", split.ToString(), other.ToString(), "--db", db);
        Assert.True(denied.ExitCode == ExitCodes.Success, denied.Output + denied.Error);

        var after = await CliRunner.RunAsync("suggest", "--db", db, "--json");
        Assert.True(after.ExitCode == ExitCodes.Success, after.Output + after.Error);
        Assert.DoesNotContain(JsonDocument.Parse(after.Output).RootElement.GetProperty("suggestions").EnumerateArray(),
            s => s.GetProperty("personA").GetInt64() == Math.Min(split, other) && s.GetProperty("personB").GetInt64() == Math.Max(split, other));

        var self = await CliRunner.RunAsync("deny", split.ToString(), split.ToString(), "--db", db);
        Assert.NotEqual(ExitCodes.Success, self.ExitCode);
        Assert.Contains("itself", self.Output + self.Error);
    }
}
