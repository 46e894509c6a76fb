using System.Globalization;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class LibraryCopyTests(PostgresServer server) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [PostgresFact]
    public async Task Copy_SqliteToPostgresToSqlite_KeepsEveryRowIdAndIdHighWaterMark()
    {
        var original = _temp.File("original.db");
        using (var store = SqliteFaceStore.Open(original))
        {
            var run = store.BeginRun(new RunRecord { Kind = "ingest", StartedAt = DateTimeOffset.UtcNow, Version = "v", Profile = "faceapi" });
            store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1), StoreTestData.Photo("/p/c.jpg", 2, seed: 2),
                new PhotoOutcome("/p/bad.jpg", 7, 5, null, 0, 0, PhotoStatus.Failed, "not an image", "faceapi", [])], run);
            store.EndRun(new RunRecord { Id = run, Kind = "ingest", StartedAt = DateTimeOffset.UtcNow, Status = "completed", Version = "v", Profile = "faceapi", FilesNew = 4, FacesAdded = 8 });
            // Pruning a photo deletes the newest faces: the copy must still never hand their ids out again.
            store.MarkMissing(["/p/c.jpg"]);
            store.PruneMissing();
            var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
            var people = store.ApplyGrouping("faceapi", [.. faces.Chunk(2).Select(c => new PersonAssignment(null, c))]);
            store.NamePerson(people[0], "Ada");
            // Merged into a person with a higher id: the copy must not trip over the foreign key on the way.
            store.MergePeople(people[2], people[1]);
            store.DenyPair(people[0], people[2]);
            store.RejectFace(faces[0]);
            store.HidePerson(people[0], true);
            // An undone correction: the copy keeps the undo's entry, so the same one is not undone twice there.
            store.NamePerson(people[2], "Bo");
            store.UndoLastCorrection();
            store.SetSetting("threshold:faceapi", "0.125");
        }

        var server1 = server.CreateDatabase();
        var back = _temp.File("back.db");
        foreach (var (from, to) in new[] { (original, server1), (server1, back) })
        {
            var (code, output, error) = await CliRunner.RunAsync("library", "copy", "--from", from, "--to", to);
            Assert.True(code == ExitCodes.Success, error);
            Assert.Contains("6 faces", output);
        }

        using var a = SqliteFaceStore.Open(original);
        using var pgStore = LibraryStores.Open(LibraryLocation.Parse(server1), mayCreate: false);
        var pg = (ILibraryTables)pgStore;
        using var b = SqliteFaceStore.Open(back);
        foreach (var (table, columns, hasId) in LibraryCopy.Tables)
        {
            var expected = Rows(a, table, columns);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, Rows(pg, table, columns));
            Assert.Equal(expected, Rows(b, table, columns));
            if (hasId)
            {
                Assert.Equal(a.IdHighWater(table), pg.IdHighWater(table));
                Assert.Equal(a.IdHighWater(table), b.IdHighWater(table));
            }
        }

        Assert.True(a.IdHighWater("faces") > a.ReadFaces("faceapi").Max(f => f.Id));
        Assert.Equal(a.LoadPeople("faceapi"), b.LoadPeople("faceapi"));
        Assert.Equal(a.LoadRejections("faceapi"), b.LoadRejections("faceapi"));
        Assert.Equal(a.LoadDenials("faceapi"), b.LoadDenials("faceapi"));
        var hidden = Assert.Single(pgStore.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 10, 0).Items);
        Assert.Equal("Ada", hidden.Name);
        Assert.Equal(a.LoadCorrections(10), pgStore.LoadCorrections(10));
        Assert.Equal(a.LoadCorrections(10), b.LoadCorrections(10));
        // The log works on the copy: its latest entry not yet undone is the hide, as in the original.
        Assert.Equal("hide", pgStore.UndoLastCorrection()!.Kind);
        Assert.Empty(pgStore.LoadPeoplePage("faceapi", PeopleFilter.Hidden, 0, 10, 0).Items);
    }

    [PostgresFact]
    public async Task Copy_IntoALibraryThatIsNotEmpty_IsRefusedAndChangesNothing()
    {
        var target = server.CreateDatabase();
        using (var store = LibraryStores.Open(LibraryLocation.Parse(target), mayCreate: true))
        {
            store.SetSetting("mine", "1");
        }

        using (var source = SqliteFaceStore.Open(_temp.File("a.db")))
        {
            source.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 1)], runId: 1);
        }

        var (code, _, error) = await CliRunner.RunAsync("library", "copy", "--from", _temp.File("a.db"), "--to", target);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("not empty", error);
        using var after = LibraryStores.Open(LibraryLocation.Parse(target), mayCreate: false);
        Assert.Equal(0, after.GetStatus().Photos);
    }

    /// <summary>Each row as text, floats and blobs exactly (round-trip formats), so any change of any value shows.</summary>
    private static List<string> Rows(ILibraryTables store, string table, string[] columns) =>
        [.. store.ReadRows(table, columns).Select(row => string.Join("|", row.Select(Text)))];

    private static string Text(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => Convert.ToHexString(bytes),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IConvertible c => c.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
