using FaceCluster.Cli;
using FaceCluster.Grouping;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Xmp;

/// <summary>Faces stored with a name (from XMP) in a real SQLite library, and an export that would mix two photos' sidecars.</summary>
public sealed class NamedFaceStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SaveOutcomes_NamedFaces_JoinOneConfirmedPersonOfThatName_WhichGroupingKeeps()
    {
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        var first = StoreTestData.Photo(_temp.File("a.jpg"), 2);
        var second = StoreTestData.Photo(_temp.File("b.jpg"), 2, seed: 1);
        store.SaveOutcomes(
        [
            first with { Faces = [first.Faces![0] with { Name = "Alice" }, first.Faces[1]] },
            second with { Faces = [second.Faces![0], second.Faces[1] with { Name = "Alice" }] },
        ], runId: 1);

        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var alice = Assert.Single(store.LoadPeople("faceapi"));
        Assert.Equal("Alice", alice.Name);
        var assignments = store.LoadAssignments("faceapi");
        Assert.Equal([faces[0], faces[3]], assignments.Where(a => a.Value == alice.Id).Select(a => a.Key).Order());
        Assert.Contains(alice.Id, PeopleGrouping.Confirmed(store.LoadPeople("faceapi")));
    }

    [Fact]
    public async Task ExportXmp_PhotosSharingOneSidecarName_AreSkipped()
    {
        var db = _temp.File("lib.db");
        using (var store = SqliteFaceStore.Open(db))
        {
            store.SaveOutcomes([StoreTestData.Photo(_temp.File("x.jpg"), 1), StoreTestData.Photo(_temp.File("x.png"), 1, seed: 1)], runId: 1);
            var person = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [.. store.ReadFaces("faceapi").Select(f => f.Id)])])[0];
            store.NamePerson(person, "Ann");
        }

        var (code, output, _) = await CliRunner.RunAsync("export", "--format", "xmp", "--sidecar-name", "replace", "--db", db);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"skip {_temp.File("x.xmp")}: also the sidecar of {_temp.File("x.png")}", output);
        Assert.Contains($"skip {_temp.File("x.xmp")}: also the sidecar of {_temp.File("x.jpg")}", output);
        Assert.False(File.Exists(_temp.File("x.xmp")));
    }
}
