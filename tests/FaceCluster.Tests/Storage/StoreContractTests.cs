using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Storage;

/// <summary>
/// The storage contract, once, for every backend: each subclass only says where a new library lives. A store method
/// added to <see cref="IFaceStore"/> gets its test here, so both backends are held to it.
/// </summary>
public abstract class StoreContractTests : BackendTests
{
    protected abstract int CurrentSchemaVersion { get; }

    [StoreFact]
    public void Photos_SavedMarkedMissingAndPruned_AreCountedAndIndexed()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2), StoreTestData.Photo("/p/b.jpg", 1, seed: 1),
            new PhotoOutcome("/p/bad.jpg", 7, 5, null, 0, 0, PhotoStatus.Failed, "not an image", "faceapi", [])], runId: 1);

        var index = store.LoadPhotoIndex();
        Assert.Equal(["/p/a.jpg", "/p/b.jpg", "/p/bad.jpg"], index.Keys.Order());
        Assert.Equal(new PhotoRecord(index["/p/bad.jpg"].Id, "/p/bad.jpg", 7, 5, null, PhotoStatus.Failed, "faceapi", "not an image"), index["/p/bad.jpg"]);
        Assert.Equal(1_700_000_000_000, index["/p/a.jpg"].MtimeMs);
        Assert.Equal(1, store.MarkMissing(["/p/b.jpg", "/p/nowhere.jpg"]));
        Assert.Equal(0, store.MarkMissing(["/p/b.jpg"]));
        var status = store.GetStatus();
        Assert.Equal((2, 1, 1, 3), (status.Photos, status.PhotosFailed, status.PhotosMissing, status.Faces));
        Assert.Equal(CurrentSchemaVersion, status.SchemaVersion);

        Assert.Equal(1, store.PruneMissing());
        Assert.Equal(2, store.CountFaces("faceapi"));
        Assert.DoesNotContain("/p/b.jpg", store.LoadPhotoIndex().Keys);
    }

    [StoreFact]
    public void Embeddings_StreamedInBatches_EqualWhatWasStored_RowForRow()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 2, seed: 1), StoreTestData.Photo("/p/c.jpg", 4, seed: 2)], runId: 1);
        store.SaveOutcomes([StoreTestData.Photo("/p/b.jpg", 1, seed: 3)], runId: 2); // b's faces re-done: ids with gaps

        var stored = store.ReadFaces("faceapi").ToList();
        foreach (var batch in new[] { 1, 2, 3, stored.Count, 1000 })
        {
            var input = store.ReadEmbeddings("faceapi", batch)!;
            Assert.Equal(stored.Select(f => f.Id), input.FaceIds.ToArray());
            Assert.Equal(stored.Select(f => f.PhotoId), input.PhotoIds.ToArray());
            Assert.Equal(128, input.Dimension);
            Assert.Equal(stored.SelectMany(f => f.Embedding), input.Embeddings.ToArray());
            Assert.Equal(stored.Select(f => new FaceCluster.Grouping.FaceQuality(f.Score, Math.Min(f.Box.Width, f.Box.Height))), input.Qualities.ToArray());
        }

        Assert.Null(store.ReadEmbeddings("other-profile"));
    }

    [StoreFact]
    public void NeighbourLists_SavedPerShard_ReadBackExactly_AndListsOfAnotherFaceSetAreDropped()
    {
        var store = Open(NewLibrary());
        var first = Shard(1, "hash-a", [10, 11], [11, 12, -1, 10, 12, 13], [0.1f, 0.2f, 0f, 0.1f, 0.3f, 0.35f]);
        var second = Shard(2, "hash-a", [12, 13], [13, 11, 10, 12, -1, -1], [0.05f, 0.3f, 0.4f, 0.05f, 0f, 0f]);
        store.SaveNeighbours(first);
        store.SaveNeighbours(second);

        Assert.Equal([first.Shard, second.Shard], store.LoadNeighbourShards("faceapi"));
        Assert.Empty(store.LoadNeighbourShards("other-profile"));
        var lists = Lists(store);
        Assert.Equal([10L, 11, 12, 13], lists.Keys.Order());
        AssertList(lists[10], [11, 12], [0.1f, 0.2f]);
        AssertList(lists[11], [10, 12, 13], [0.1f, 0.3f, 0.35f]);
        AssertList(lists[13], [12], [0.05f]);

        // A shard computed for another set of faces replaces its own lists and drops the other shard's stale ones.
        var again = Shard(1, "hash-b", [10], [12, -1, -1], [0.25f, 0f, 0f]);
        store.SaveNeighbours(again);
        Assert.Equal([again.Shard], store.LoadNeighbourShards("faceapi"));
        Assert.Equal([10L], Lists(store).Keys);
        AssertList(Lists(store)[10], [12], [0.25f]);
    }

    private static ShardNeighbours Shard(int number, string hash, long[] faces, long[] neighbours, float[] distances) => new(
        new NeighbourShard("faceapi", number, 2, hash, 3, 4, "exact", new DateTimeOffset(2026, 11, 30, 5, 0, number, TimeSpan.Zero)), faces, neighbours, distances);

    private static void AssertList((long[] Ids, float[] Distances) list, long[] ids, float[] distances)
    {
        Assert.Equal(ids, list.Ids);
        Assert.Equal(distances, list.Distances);
    }

    private static Dictionary<long, (long[] Ids, float[] Distances)> Lists(IFaceStore store)
    {
        var lists = new Dictionary<long, (long[], float[])>();
        store.ReadNeighbours("faceapi", (face, ids, distances) => lists.Add(face, (ids.ToArray(), distances.ToArray())));
        return lists;
    }

    [StoreFact]
    public void Faces_ReadBack_InIdOrderWithExactEmbeddings_AndAreKeptByAnUnchangedContentOutcome()
    {
        var library = NewLibrary();
        var store = Open(library);
        var photo = StoreTestData.Photo("/p/a.jpg", 3, seed: 4);
        store.SaveOutcomes([photo], runId: 1);
        store.SaveOutcomes([photo with { Faces = null, MtimeMs = 9 }], runId: 2);

        var faces = Open(library).ReadFaces("faceapi").ToList();
        Assert.Equal(3, faces.Count);
        Assert.True(faces.Select(f => f.Id).SequenceEqual(faces.Select(f => f.Id).Order()));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(photo.Faces![i].Embedding, faces[i].Embedding);
            Assert.Equal(photo.Faces[i].Box, faces[i].Box);
            Assert.Equal(photo.Faces[i].Score, faces[i].Score);
        }

        var one = store.GetFace(faces[1].Id)!;
        Assert.Equal((faces[1].Id, faces[1].PhotoId, "/p/a.jpg", faces[1].Box), (one.Id, one.PhotoId, one.PhotoPath, one.Box));
        Assert.Equal(faces[1].Embedding, one.Embedding);
        Assert.Null(store.GetFace(faces[^1].Id + 1000));
        Assert.Equal(9, store.LoadPhotoIndex()["/p/a.jpg"].MtimeMs);
        Assert.Equal(0, store.CountFaces("other-profile"));
    }

    [StoreFact]
    public void FaceProfiles_FacesOfSeveralProfiles_ListsEachOnceInOrder()
    {
        var store = Open(NewLibrary());
        Assert.Empty(store.FaceProfiles());

        store.SaveOutcomes(
        [
            StoreTestData.Photo("/p/a.jpg", 3) with { Profile = "zeta" },
            StoreTestData.Photo("/p/b.jpg", 2, seed: 1),
            StoreTestData.Photo("/p/c.jpg", 0, seed: 2) with { Profile = "empty" },
            StoreTestData.Photo("/p/d.jpg", 1, seed: 3) with { Profile = "faceapi-int8" },
        ], runId: 1);

        Assert.Equal(["faceapi", "faceapi-int8", "zeta"], store.FaceProfiles());
    }

    [StoreFact]
    public void SaveOutcomes_ChangedPhoto_ReplacesItsFacesWithNewIdsNeverUsedBefore()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 1, seed: 1)], runId: 1);
        var before = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2, seed: 2)], runId: 2);

        var after = store.ReadFaces("faceapi").ToList();
        Assert.Equal(3, after.Count);
        Assert.Equal(2, after.Count(f => f.PhotoPath == "/p/a.jpg"));
        Assert.All(after.Where(f => f.PhotoPath == "/p/a.jpg"), f => Assert.True(f.Id > before.Max()));
    }

    [StoreFact]
    public void ApplyGrouping_KeepsGivenIdsCreatesNewOnesAndForgetsEmptyUnnamedPeople()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var first = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[3]]), new PersonAssignment(null, [faces[1], faces[4]]), new PersonAssignment(null, [faces[2]])]);
        Assert.Equal(3, first.Distinct().Count());
        Assert.True(first.SequenceEqual(first.Order()));
        store.NamePerson(first[2], "Kept");

        var second = store.ApplyGrouping("faceapi", [new PersonAssignment(first[0], [faces[0], faces[3], faces[5]]), new PersonAssignment(null, [faces[1]])]);

        Assert.Equal(first[0], second[0]);
        Assert.DoesNotContain(second[1], first);
        Assert.Equal(new Dictionary<long, long> { [faces[0]] = first[0], [faces[3]] = first[0], [faces[5]] = first[0], [faces[1]] = second[1] }, store.LoadAssignments("faceapi"));
        // first[1] lost its faces and had no name: forgotten. first[2] is named: kept, with no faces.
        Assert.Equal([(first[0], null, 3), (first[2], "Kept", 0), (second[1], null, 1)],
            store.LoadPeople("faceapi").Select(p => (p.Id, p.Name, p.FaceCount)));
    }

    [StoreFact]
    public void ApplyGrouping_WritesOnlyTheFacesWhosePersonChanges()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var first = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[3]]), new PersonAssignment(null, [faces[1], faces[4]]), new PersonAssignment(null, [faces[2]])]);
        Assert.Equal(5, first.FacesWritten);

        // faces[4] moves, faces[5] is new, faces[2] loses its person; the other three keep theirs and are not written.
        var (a, b) = (first[0], first[1]);
        var second = store.ApplyGrouping("faceapi", [new PersonAssignment(a, [faces[0], faces[3], faces[4]]), new PersonAssignment(b, [faces[1], faces[5]])]);
        Assert.Equal(3, second.FacesWritten);
        Assert.Equal(new Dictionary<long, long> { [faces[0]] = a, [faces[3]] = a, [faces[4]] = a, [faces[1]] = b, [faces[5]] = b }, store.LoadAssignments("faceapi"));

        Assert.Equal(0, store.ApplyGrouping("faceapi", [new PersonAssignment(a, [faces[3], faces[0], faces[4]]), new PersonAssignment(b, [faces[5], faces[1]])]).FacesWritten);

        var third = store.ApplyGrouping("faceapi", [new PersonAssignment(a, [faces[0], faces[3], faces[4]]), new PersonAssignment(b, [faces[1]]), new PersonAssignment(null, [faces[5]])]);
        Assert.Equal(1, third.FacesWritten);
        Assert.Equal(third[2], store.LoadAssignments("faceapi")[faces[5]]);
        Assert.Equal([(a, 3), (b, 1), (third[2], 1)], store.LoadPeople("faceapi").Select(p => (p.Id, p.FaceCount)));
    }

    [StoreFact]
    public void NamedFaces_FromOneOrSeveralBatches_JoinOnePersonOfThatName()
    {
        var store = Open(NewLibrary());
        var a = StoreTestData.Photo("/p/a.jpg", 2);
        var b = StoreTestData.Photo("/p/b.jpg", 2, seed: 1);
        store.SaveOutcomes([a with { Faces = [a.Faces![0] with { Name = "Alice" }, a.Faces[1]] }], runId: 1);
        store.SaveOutcomes([b with { Faces = [b.Faces![0], b.Faces[1] with { Name = "Alice" }] }], runId: 1);

        var alice = Assert.Single(store.LoadPeople("faceapi"));
        Assert.Equal(("Alice", 2), (alice.Name, alice.FaceCount));
        Assert.Equal(2, store.LoadAssignments("faceapi").Count(p => p.Value == alice.Id));
    }

    [StoreFact]
    public void Corrections_NameMergeAndRefusals_BehaveAlike()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2), StoreTestData.Photo("/p/b.jpg", 2, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[2]]), new PersonAssignment(null, [faces[1], faces[3]])]);

        store.NamePerson(people[1], "Ada");
        store.MergePeople(people[0], people[1]);

        var kept = store.LoadPeople("faceapi").Single(p => p.Id == people[0]);
        Assert.Equal(("Ada", 4), (kept.Name, kept.FaceCount));
        Assert.Equal(people[0], store.LoadPeople("faceapi").Single(p => p.Id == people[1]).MergedInto);
        var merged = Assert.Throws<CorrectionException>(() => store.NamePerson(people[1], "Bob"));
        Assert.Equal($"person {people[1]} was merged into person {people[0]}; name person {people[0]} instead", merged.Message);
        Assert.Equal($"no person 9999", Assert.Throws<CorrectionException>(() => store.MergePeople(people[0], 9999)).Message);
        Assert.Throws<CorrectionException>(() => store.MergePeople(people[0], people[0]));
        Assert.Equal("Ada", store.LoadPeople("faceapi").Single(p => p.Id == people[0]).Name);
    }

    [StoreFact]
    public void Rejections_AreStoredUndoneAndFollowAMerge()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[3]]), new PersonAssignment(null, [faces[1], faces[4]])]);

        Assert.Equal(people[1], store.RejectFace(faces[4]));
        Assert.Equal(people[1], store.RejectFace(faces[1]));
        Assert.Null(store.RejectFace(faces[5]));
        Assert.Throws<CorrectionException>(() => store.RejectFace(faces[^1] + 1000));
        Assert.Equal([(faces[1], people[1]), (faces[4], people[1])], store.LoadRejections("faceapi").Order());
        Assert.False(store.LoadAssignments("faceapi").ContainsKey(faces[4]));

        // The rejected person has no faces left but holds rejections: a merge carries them over to the person kept.
        store.MergePeople(people[0], people[1]);
        Assert.Contains((faces[4], people[0]), store.LoadRejections("faceapi"));
        Assert.Equal(2, store.UndoReject(faces[4]));
        Assert.Equal(0, store.UndoReject(faces[4]));
        Assert.DoesNotContain(store.LoadRejections("faceapi"), r => r.FaceId == faces[4]);
    }

    [StoreFact]
    public void Denials_AreStoredOncePerPairFollowTheKeptPersonAndYieldToAMergeOfThePair()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [.. faces.Chunk(2).Select(c => new PersonAssignment(null, c))]);

        store.DenyPair(people[2], people[0]);
        store.DenyPair(people[0], people[2]);
        Assert.Equal([(people[0], people[2])], store.LoadDenials("faceapi"));
        Assert.Throws<CorrectionException>(() => store.DenyPair(people[1], people[1]));
        Assert.Throws<CorrectionException>(() => store.DenyPair(people[1], 9999));

        store.MergePeople(people[1], people[2]);
        Assert.Equal([(people[0], people[1])], store.LoadDenials("faceapi"));
        store.MergePeople(people[0], people[1]);
        Assert.Empty(store.LoadDenials("faceapi"));
    }

    [StoreFact]
    public void Runs_BegunAndEnded_AreReadBack_AndARunWhoseProcessDiedIsInterruptedByTheNext()
    {
        var library = NewLibrary();
        var started = new DateTimeOffset(2026, 11, 30, 1, 2, 3, TimeSpan.Zero).AddTicks(1234567);
        long died;
        using (var first = LibraryStores.Open(LibraryLocation.Parse(library), mayCreate: true))
        {
            var id = first.BeginRun(new RunRecord { Kind = "ingest", StartedAt = started, Version = "v", Profile = "faceapi" });
            var ended = new RunRecord
            {
                Id = id, Kind = "ingest", StartedAt = started, EndedAt = started.AddSeconds(5), Status = "completed", Version = "v", Profile = "faceapi",
                FilesSeen = 6, FilesNew = 3, FilesChanged = 1, FilesUnchanged = 2, FilesFailed = 1, FilesMissing = 1, FacesAdded = 9,
                StageSeconds = new Dictionary<string, double> { ["detect"] = 1.5 },
            };
            Assert.True(first.EndRun(ended));
            Assert.False(first.EndRun(ended with { Id = id + 100 }));
            var read = first.LastRun("ingest")!;
            Assert.Equal(ended with { StageSeconds = read.StageSeconds }, read);
            Assert.Equal(1.5, read.StageSeconds["detect"]);
            Assert.Null(first.LastRun("group"));
            died = first.BeginRun(new RunRecord { Kind = "group", StartedAt = started, Version = "v", Profile = "faceapi" });
        }

        var next = Open(library);
        Assert.Equal([died], next.UnfinishedRuns().Select(r => r.Id));
        var id2 = next.BeginRun(new RunRecord { Kind = "ingest", StartedAt = started, Version = "v", Profile = "faceapi" });
        Assert.DoesNotContain(died, next.UnfinishedRuns().Select(r => r.Id));
        Assert.Equal((died, "interrupted"), (next.LastRun("group")!.Id, next.LastRun("group")!.Status));
        Assert.Equal(id2, next.LastRun()!.Id);
    }

    [StoreFact]
    public void Settings_AreSetOverwrittenAndMissingOnesAreNull()
    {
        var store = Open(NewLibrary());
        Assert.Null(store.GetSetting("threshold:faceapi"));
        store.SetSetting("threshold:faceapi", "0.11");
        store.SetSetting("threshold:faceapi", "0.12");
        Assert.Equal("0.12", store.GetSetting("threshold:faceapi"));
    }

    [StoreFact]
    public void Maintenance_OnAHealthyLibrary_FindsNothingAndRebuildsIndexes()
    {
        var store = Open(NewLibrary());
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2)], runId: 1);
        Assert.Empty(store.CheckIntegrity());
        Assert.Empty(store.CheckReferences());
        Assert.Equal(0, store.CountOrphanFaces());
        Assert.Equal(0, store.DeleteOrphanFaces());
        store.RebuildIndexes();
        Assert.Equal(2, store.CountFaces("faceapi"));
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    private readonly TempDirectory _temp = new();

    protected override string NewLibrary() => _temp.File($"{Guid.NewGuid():N}.db");

    protected override int CurrentSchemaVersion => SqliteFaceStore.CurrentSchemaVersion;

    public override void Dispose()
    {
        base.Dispose();
        _temp.Dispose();
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresServer server) : StoreContractTests, IPostgresTests
{
    protected override string NewLibrary() => server.CreateDatabase();

    protected override int CurrentSchemaVersion => FaceCluster.Storage.Postgres.PostgresFaceStore.CurrentSchemaVersion;
}
