using System.Net;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Cli;
using FaceCluster.Tests.Support;
using static FaceCluster.Tests.Serve.ReviewHttp;

namespace FaceCluster.Tests.Serve;

/// <summary>Corrections through the server: the CLI's library lock and corrections log, hiding, moving, new people.</summary>
public sealed class ReviewCorrectionTests : IDisposable
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

    [Fact]
    public async Task HideMoveAndNewPerson_ChangeThePagesAndTheLibrary()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        using var server = ReviewServerProcess.Start(library.Database);
        using var client = Client(server);

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"/person/{library.Second}/hide", Form(server, ("hidden", "1")))).StatusCode);
        Assert.DoesNotContain($"href=\"/person/{library.Second}\"", await client.GetStringAsync("/people"));
        Assert.Contains($"href=\"/person/{library.Second}\"", await client.GetStringAsync("/people?hidden=1"));

        var moved = await client.PostAsync($"/person/{library.First}/faces",
            Form(server, ("action", "move"), ("target", library.Second.ToString()), ("face", library.Faces[0].ToString())));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var created = await client.PostAsync($"/person/{library.First}/faces", Form(server, ("action", "new"), ("name", "Carol"), ("face", library.Faces[2].ToString())));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var carol = long.Parse(created.Headers.Location!.OriginalString["/person/".Length..]);

        using (var store = SqliteFaceStore.Open(library.Database))
        {
            var assignments = store.LoadAssignments("faceapi");
            Assert.Equal(library.Second, assignments[library.Faces[0]]);
            Assert.Equal(carol, assignments[library.Faces[2]]);
            Assert.Contains((library.Faces[0], library.First), store.LoadRejections("faceapi"));
            Assert.Equal("Carol", store.LoadPeople("faceapi").Single(p => p.Id == carol).Name);
        }

        var nothingTicked = await client.PostAsync($"/person/{library.First}/faces", Form(server, ("action", "reject")));
        Assert.Equal(HttpStatusCode.BadRequest, nothingTicked.StatusCode);
        var unknown = await client.PostAsync($"/person/{library.First}/faces", Form(server, ("action", "move"), ("target", "999999"), ("face", library.Faces[1].ToString())));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no person 999999", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReviewQueue_SuggestsTheNearestPersonForAFaceOfNobody_AndAssignsIt()
    {
        var library = PeopleLibrary.Create(_temp.File("lib.db"));
        var rejected = await CliRunner.RunAsync("reject", library.Faces[0].ToString(), "--db", library.Database);
        Assert.True(rejected.ExitCode == ExitCodes.Success, rejected.Error);
        using var server = ReviewServerProcess.Start(library.Database);
        using var client = Client(server);

        var queue = await client.GetStringAsync("/review");
        Assert.Contains("Faces that belong to nobody (1)", queue);
        var suggested = System.Text.RegularExpressions.Regex.Match(queue, $"name=\"face\" value=\"{library.Faces[0]}\"><input type=\"hidden\" name=\"person\" value=\"(\\d+)\"");
        Assert.True(suggested.Success, queue);
        var person = long.Parse(suggested.Groups[1].Value);
        Assert.Equal(library.Second, person); // never the person the face was rejected from

        var assigned = await client.PostAsync("/review/assign", Form(server, ("face", library.Faces[0].ToString()), ("person", person.ToString())));

        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        using var store = SqliteFaceStore.Open(library.Database);
        Assert.Equal(person, store.LoadAssignments("faceapi")[library.Faces[0]]);
    }
}
