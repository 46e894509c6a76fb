using FaceCluster.Storage;
using FaceCluster.Tests.Grouping;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Storage;

/// <summary>Every logged correction, undone, leaves the library's people exactly as they were before it.</summary>
public sealed class CorrectionLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Kinds => ["name", "rename", "merge", "merge-named", "deny", "reject", "reject-many", "move", "create", "hide"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Undo_OfEachCorrection_RestoresPeopleAssignmentsRejectionsAndDenials(string kind)
    {
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        var (split, other, apart) = SplitLibrary.Create(store);
        // Some earlier work for the undo to keep: a name, a denial, a rejection and a merge into the kept person.
        store.NamePerson(apart, "Earlier");
        store.DenyPair(apart, other);
        var faces = store.LoadPersonFaces(split, 0, 100).Items.Select(f => f.Id).ToList();
        store.RejectFace(faces[0]);
        var before = Snapshot(store);

        Correct(store, kind, split, other, apart, faces);
        Assert.NotEqual(before, Snapshot(store));
        var undone = store.UndoLastCorrection();

        Assert.NotNull(undone);
        Assert.Equal(before, Snapshot(store));
        Assert.Equal(3, store.LoadCorrections(10).Count);
    }

    [Fact]
    public void Undo_TakesTheLatestNotYetUndoneEntryEachTime_AndStopsWhenNoneIsLeft()
    {
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        var (split, other, _) = SplitLibrary.Create(store);
        var start = Snapshot(store);
        store.NamePerson(split, "Ann");
        var named = Snapshot(store);
        store.MergePeople(split, other);

        Assert.Equal("merge", store.UndoLastCorrection()!.Kind);
        Assert.Equal(named, Snapshot(store));
        Assert.Equal("name", store.UndoLastCorrection()!.Kind);
        Assert.Equal(start, Snapshot(store));
        Assert.Null(store.UndoLastCorrection());
        Assert.Empty(store.LoadCorrections(10));
    }

    private static void Correct(SqliteFaceStore store, string kind, long split, long other, long apart, List<long> faces)
    {
        switch (kind)
        {
            case "name": store.NamePerson(split, "Ann"); break;
            case "rename": store.NamePerson(apart, "Later"); break;
            case "merge": store.MergePeople(split, other); break;
            case "merge-named": store.MergePeople(other, apart); break;
            case "deny": store.DenyPair(split, other); break;
            case "reject": store.RejectFace(faces[1]); break;
            case "reject-many": store.RejectFaces([faces[1], faces[2], faces[0]]); break;
            case "move": store.MoveFaces([faces[1], faces[0]], apart); break;
            case "create": store.CreatePerson("faceapi", "New", [faces[1], faces[2]]); break;
            case "hide": store.HidePerson(other, true); break;
        }
    }

    /// <summary>Everything a correction may change, in a form records compare by value.</summary>
    private static string Snapshot(SqliteFaceStore store)
    {
        var people = store.LoadPeople("faceapi").Select(p => $"{p.Id}:{p.Name}:{p.MergedInto}:{p.FaceCount}");
        var hidden = store.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 100, 0).Items.Select(p => p.Id);
        var assignments = store.LoadAssignments("faceapi").OrderBy(a => a.Key).Select(a => $"{a.Key}>{a.Value}");
        var rejections = store.LoadRejections("faceapi").Order().Select(r => $"{r.FaceId}!{r.PersonId}");
        var denials = store.LoadDenials("faceapi").Select(d => $"{d.PersonA}x{d.PersonB}");
        return string.Join(" | ", string.Join(",", people), string.Join(",", hidden), string.Join(",", assignments), string.Join(",", rejections), string.Join(",", denials));
    }
}
