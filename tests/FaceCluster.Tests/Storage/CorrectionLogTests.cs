using FaceCluster.Storage;
using FaceCluster.Tests.Grouping;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Storage;

/// <summary>
/// Every logged correction, undone, leaves the library's people exactly as they were before it: once, for every
/// backend (each subclass only says where a new library lives, as in <see cref="StoreContractTests"/>).
/// </summary>
public abstract class CorrectionLogTests : BackendTests
{
    private static readonly string[] Kinds = ["name", "rename", "merge", "merge-named", "deny", "reject", "reject-many", "move", "create", "hide"];

    [StoreFact]
    public void Undo_OfEachCorrection_RestoresPeopleAssignmentsRejectionsAndDenials()
    {
        var failures = new List<string>();
        foreach (var kind in Kinds)
        {
            var store = Open(NewLibrary());
            var (split, other, apart) = SplitLibrary.Create(store);
            // Some earlier work for the undo to keep: a name, a denial, a rejection and a merge into the kept person.
            store.NamePerson(apart, "Earlier");
            store.DenyPair(apart, other);
            var faces = store.LoadPersonFaces(split, 0, 100).Items.Select(f => f.Id).ToList();
            store.RejectFace(faces[0]);
            var before = Snapshot(store);

            Correct(store, kind, split, other, apart, faces);
            var changed = Snapshot(store);
            var undone = store.UndoLastCorrection();
            var after = Snapshot(store);

            if (changed == before || undone is null || after != before || store.LoadCorrections(10).Count != 3)
            {
                failures.Add($"{kind}: undone {undone?.Kind}, before {before}, changed {changed}, after {after}");
            }
        }

        Assert.Empty(failures);
    }

    [StoreFact]
    public void Undo_TakesTheLatestNotYetUndoneEntryEachTime_AndStopsWhenNoneIsLeft()
    {
        var store = Open(NewLibrary());
        var (split, other, _) = SplitLibrary.Create(store);
        var start = Snapshot(store);
        store.NamePerson(split, "Ann");
        var named = Snapshot(store);
        store.MergePeople(split, other);

        Assert.Equal(["merge", "name"], store.LoadCorrections(10).Select(c => c.Kind));
        Assert.Equal("merge", store.UndoLastCorrection()!.Kind);
        Assert.Equal(named, Snapshot(store));
        Assert.Equal("name", store.UndoLastCorrection()!.Kind);
        Assert.Equal(start, Snapshot(store));
        Assert.Null(store.UndoLastCorrection());
        Assert.Empty(store.LoadCorrections(10));
    }

    [StoreFact]
    public void ReviewLists_PageHiddenAndUnassigned_AndMovesRefuseAMergedPerson()
    {
        var store = Open(NewLibrary());
        var (split, other, apart) = SplitLibrary.Create(store);
        store.NamePerson(apart, "Zoe");
        store.HidePerson(other, true);
        var faces = store.LoadPersonFaces(split, 0, 2);

        Assert.Equal([apart, split], store.LoadPeoplePage("faceapi", PeopleFilter.Visible, 0, 10, 2).Items.Select(p => p.Id));
        Assert.Equal([split], store.LoadPeoplePage("faceapi", PeopleFilter.Unnamed, 0, 10, 2).Items.Select(p => p.Id));
        var hidden = Assert.Single(store.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 10, 2).Items);
        Assert.Equal((other, true, 5, 2), (hidden.Id, hidden.Hidden, hidden.FaceCount, hidden.SampleFaces.Count));
        Assert.Equal((5, 2), (faces.Total, faces.Items.Count));
        Assert.Equal(faces.Items.Select(f => f.Id), store.GetReviewPerson(split, 2)!.SampleFaces);
        Assert.Equal(2, store.RejectFaces([faces.Items[0].Id, faces.Items[1].Id, faces.Items[1].Id]));
        var unassigned = store.LoadUnassignedFaces("faceapi", faces.Items[0].Id, 10);
        Assert.Equal((2, faces.Items[1].Id), (unassigned.Total, Assert.Single(unassigned.Items).Id));
        Assert.Equal("/p/00.jpg", store.GetPhotoPath(store.GetReviewFace(faces.Items[0].Id)!.PhotoId));

        store.MergePeople(apart, split);
        var refused = Assert.Throws<CorrectionException>(() => store.MoveFaces([faces.Items[0].Id], split));
        Assert.Contains($"merged into person {apart}", refused.Message);
        Assert.Throws<CorrectionException>(() => store.RejectFaces([-5]));
        Assert.Null(store.GetReviewPerson(split, 2));
    }

    private static void Correct(IFaceStore store, string kind, long split, long other, long apart, List<long> faces)
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
    private static string Snapshot(IFaceStore store)
    {
        var people = store.LoadPeople("faceapi").Select(p => $"{p.Id}:{p.Name}:{p.MergedInto}:{p.FaceCount}");
        var hidden = store.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 100, 0).Items.Select(p => p.Id);
        var assignments = store.LoadAssignments("faceapi").OrderBy(a => a.Key).Select(a => $"{a.Key}>{a.Value}");
        var rejections = store.LoadRejections("faceapi").Order().Select(r => $"{r.FaceId}!{r.PersonId}");
        var denials = store.LoadDenials("faceapi").Select(d => $"{d.PersonA}x{d.PersonB}");
        return string.Join(" | ", string.Join(",", people), string.Join(",", hidden), string.Join(",", assignments), string.Join(",", rejections), string.Join(",", denials));
    }
}

public sealed class SqliteCorrectionLogTests : CorrectionLogTests
{
    private readonly TempDirectory _temp = new();

    protected override string NewLibrary() => _temp.File($"{Guid.NewGuid():N}.db");

    public override void Dispose()
    {
        base.Dispose();
        _temp.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresCorrectionLogTests(PostgresServer server) : CorrectionLogTests, IPostgresTests
{
    protected override string NewLibrary() => server.CreateDatabase();

    [PostgresFact]
    public void ConcurrentUndos_FromSixStores_EachRevertADifferentCorrection()
    {
        var library = NewLibrary();
        var store = Open(library);
        var (split, other, apart) = SplitLibrary.Create(store);
        var start = store.LoadPeople("faceapi");
        foreach (var round in new[] { "1", "2" })
        {
            store.NamePerson(split, "A" + round);
            store.NamePerson(other, "B" + round);
            store.HidePerson(apart, round == "1");
        }

        var stores = Enumerable.Range(0, 6).Select(_ => Open(library)).ToList();
        stores.ForEach(s => s.LoadCorrections(1)); // connected before the start line
        using var startLine = new Barrier(stores.Count);
        var undos = stores.Select(s => Task.Run(() =>
        {
            startLine.SignalAndWait();
            return s.UndoLastCorrection()!.Id;
        })).ToArray();

        Assert.True(Task.WaitAll(undos, TimeSpan.FromMinutes(2)));
        Assert.Equal(6, undos.Select(u => u.Result).Distinct().Count());
        Assert.Equal(start, store.LoadPeople("faceapi"));
        Assert.Empty(store.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 10, 0).Items);
        Assert.Empty(store.LoadCorrections(10));
    }
}
