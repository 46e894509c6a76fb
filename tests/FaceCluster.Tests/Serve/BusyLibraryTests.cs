using System.Net;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Cli;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Serve;

/// <summary>Corrections in the browser share the CLI's library lock and corrections log.</summary>
public sealed class BusyLibraryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ACorrectionWhileARunHoldsTheLibrary_AnswersBusyChangesNothing_AndWorksOnceTheRunEnds()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using var server = ReviewServerProcess.Start(library.Database);
        using var client = Client(server);

        HttpResponseMessage busy;
        // The lock 'group' and 'ingest' take, held here, in another process than the server.
        using (LibraryLock.Acquire(library.Database, "group (test)"))
        {
            busy = await client.PostAsync($"/person/{library.First}/name", Form(server, ("name", "Alice")));
            Assert.Null(library.Person(library.First).Name);
        }

        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        var page = await busy.Content.ReadAsStringAsync();
        Assert.Contains("busy", page);
        Assert.Contains("group (test)", page);

        var again = await client.PostAsync($"/person/{library.First}/name", Form(server, ("name", "Alice")));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("Alice", library.Person(library.First).Name);
    }

    [Fact]
    public async Task CliCorrections_AreLoggedAndUndoneFromTheBrowserSide()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var first = library.First.ToString();
        var second = library.Second.ToString();
        foreach (var args in new[] { new[] { "name", first, "Bob" }, ["deny", first, second], ["reject", library.Faces[0].ToString()], ["merge", first, second] })
        {
            var run = await CliRunner.RunAsync([.. args, "--db", library.Database]);
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        }

        using var server = ReviewServerProcess.Start(library.Database);
        using var client = Client(server);
        var history = await client.GetStringAsync("/history");
        Assert.Contains($"merged person {second} into person {first}", history);
        Assert.Contains($"named person {first} &quot;Bob&quot;", history);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/undo", Form(server))).StatusCode);
        Assert.Null(library.Person(library.Second).MergedInto);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/undo", Form(server))).StatusCode);
        using (var store = SqliteFaceStore.Open(library.Database))
        {
            Assert.Equal(library.First, store.LoadAssignments("faceapi")[library.Faces[0]]);
            Assert.Single(store.LoadDenials("faceapi"));
        }

        var people = await CliRunner.RunAsync("people", "--db", library.Database);
        Assert.Contains("Bob", people.Output);
    }

    private static HttpClient Client(ReviewServerProcess server)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", $"facecluster_token={server.Token}");
        return client;
    }

    private static FormUrlEncodedContent Form(ReviewServerProcess server, params (string Name, string Value)[] fields) =>
        new([new("token", server.Token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
}
