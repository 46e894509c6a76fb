using System.Net;
using FaceCluster.Cli;
using FaceCluster.Tests.Cli;
using FaceCluster.Tests.Support;
using static FaceCluster.Tests.Serve.ReviewHttp;

namespace FaceCluster.Tests.Serve;

/// <summary>The real <c>serve</c> over a PostgreSQL library: corrections through HTTP, seen by the CLI.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReviewTests(PostgresServer postgres) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task NameAndUndo_ThroughTheServer_AreSeenByTheCli()
    {
        var library = PeopleLibrary.Create(postgres.CreateDatabase(), _temp.Path);
        using var server = ReviewServerProcess.Start(library.Database);
        using var client = Client(server);
        Assert.Contains($"href=\"/person/{library.First}\"", await client.GetStringAsync("/people"));

        var named = await client.PostAsync($"/person/{library.First}/name", Form(server, ("name", "Alice")));

        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Contains("Alice", await People(library));
        Assert.Contains($"named person {library.First} &quot;Alice&quot;", await client.GetStringAsync("/history"));

        var undone = await client.PostAsync("/undo", Form(server));

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        Assert.DoesNotContain("Alice", await People(library));
        Assert.Null(library.Person(library.First).Name);
    }

    private static async Task<string> People(PeopleLibrary library)
    {
        var (code, output, error) = await CliRunner.RunAsync("people", "--db", library.Database);
        Assert.True(code == ExitCodes.Success, error);
        return output;
    }
}
