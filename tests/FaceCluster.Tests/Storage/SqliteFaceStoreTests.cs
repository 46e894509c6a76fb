using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Tests.Storage;

public sealed class SqliteFaceStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_DatabaseOfEverySchemaVersion_MigratesKeepingPhotosFacesAndEmbeddings()
    {
        for (var version = 1; version < SqliteFaceStore.CurrentSchemaVersion; version++)
        {
            // Given a library written by an older FaceCluster (schema 'version'), with a photo and two faces
            var path = _temp.File($"v{version}.db");
            var original = StoreTestData.Photo("/photos/a.jpg", 2);
            CreateOldDatabase(path, version, original);

            // When the current FaceCluster opens it
            using var store = SqliteFaceStore.Open(path);

            // Then it is migrated, stamped as a FaceCluster library, and nothing is lost
            Assert.Equal(SqliteFaceStore.CurrentSchemaVersion, store.SchemaVersion);
            Assert.Equal(SqliteFaceStore.ApplicationId, LibraryIdentityTests.Pragma(path, "application_id"));
            var faces = store.ReadFaces("faceapi").ToList();
            Assert.Equal(2, faces.Count);
            Assert.Equal(original.Faces![0].Embedding, faces[0].Embedding);
            Assert.Equal("/photos/a.jpg", faces[0].PhotoPath);
            var ids = store.ApplyGrouping("faceapi", [new PersonAssignment(null, faces.Select(f => f.Id).ToList())]);
            Assert.Single(ids);
        }
    }

    [Fact]
    public void Open_Schema2LibraryWithPeople_KeepsIdsNamesMergesAndRejectionsAndNeverReusesAFaceId()
    {
        // Given a schema-2 library (faces without AUTOINCREMENT) with a named person, a merge and a rejection
        var path = _temp.File("v2.db");
        CreateOldDatabase(path, 2, StoreTestData.Photo("/photos/a.jpg", 3));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var people = connection.CreateCommand();
            people.CommandText = """
                INSERT INTO people (id, profile, name, merged_into, created_at) VALUES (7, 'faceapi', 'Ada', NULL, 'then'), (8, 'faceapi', NULL, 7, 'then');
                UPDATE faces SET person_id = 7 WHERE id IN (1, 2);
                INSERT INTO rejections (face_id, person_id, created_at) VALUES (3, 7, 'then');
                """;
            people.ExecuteNonQuery();
        }

        // When the current FaceCluster opens it
        using var store = SqliteFaceStore.Open(path);

        // Then every id, name, merge and rejection is kept, the foreign keys hold and are enforced again
        Assert.Equal([1L, 2L, 3L], store.ReadFaces("faceapi").Select(f => f.Id));
        Assert.Equal(new Dictionary<long, long> { [1] = 7, [2] = 7 }, store.LoadAssignments("faceapi"));
        var loaded = store.LoadPeople("faceapi");
        Assert.Equal("Ada", loaded.Single(p => p.Id == 7).Name);
        Assert.Equal(7, loaded.Single(p => p.Id == 8).MergedInto);
        Assert.Equal([(3L, 7L)], store.LoadRejections("faceapi"));
        Assert.Empty(store.CheckReferences());
        Assert.Equal(1L, Pragma(store, "foreign_keys"));

        // And a re-done photo's faces never take the ids of the faces they replace
        store.SaveOutcomes([StoreTestData.Photo("/photos/a.jpg", 3, seed: 1)], runId: 1);
        Assert.Equal([4L, 5L, 6L], store.ReadFaces("faceapi").Select(f => f.Id));
    }

    [Fact]
    public void Open_DatabaseFromANewerFaceCluster_RefusesWithAClearError()
    {
        var path = _temp.File("future.db");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA application_id = {SqliteFaceStore.ApplicationId}; PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<StoreException>(() => SqliteFaceStore.Open(path));
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void SaveOutcomes_ChangedPhoto_ReplacesItsFacesInOneTransaction()
    {
        using var store = SqliteFaceStore.Open(_temp.File("lib.db"));
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 1, seed: 1)], runId: 1);
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2, seed: 2)], runId: 2);

        var faces = store.ReadFaces("faceapi").ToList();
        Assert.Equal(3, faces.Count);
        Assert.Equal(2, faces.Count(f => f.PhotoPath == "/p/a.jpg"));
        Assert.Equal(2, store.GetStatus().Photos);
    }

    [Fact]
    public void PeopleOperations_NameMergeRejectAndUndo_AreStored()
    {
        using var store = SqliteFaceStore.Open(_temp.File("people.db"));
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 2), StoreTestData.Photo("/p/b.jpg", 2, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[2]]), new PersonAssignment(null, [faces[1], faces[3]])]);

        store.NamePerson(people[0], "Ada");
        store.MergePeople(people[0], people[1]);
        Assert.Equal(4, store.LoadPeople("faceapi").Single(p => p.Id == people[0]).FaceCount);
        Assert.Equal(people[0], store.LoadPeople("faceapi").Single(p => p.Id == people[1]).MergedInto);

        Assert.Equal(people[0], store.RejectFace(faces[3]));
        Assert.False(store.LoadAssignments("faceapi").ContainsKey(faces[3]));
        Assert.Contains((faces[3], people[0]), store.LoadRejections("faceapi"));
        Assert.Equal(1, store.UndoReject(faces[3]));
        Assert.Empty(store.LoadRejections("faceapi"));
        Assert.Throws<CorrectionException>(() => store.NamePerson(9999, "nobody"));
    }

    [Fact]
    public void LibraryLock_SecondAcquire_IsRefusedUntilTheFirstIsReleased()
    {
        var db = _temp.File("locked.db");
        using (LibraryLock.Acquire(db, "first"))
        {
            var error = Assert.Throws<LibraryLockedException>(() => LibraryLock.Acquire(db, "second"));
            Assert.Contains($"pid {Environment.ProcessId}", error.Message);
        }

        using var again = LibraryLock.Acquire(db, "third");
        Assert.Null(again.TakenOverFrom);
    }

    [Fact]
    public void LibraryLock_OwnerLeftByADeadRun_IsTakenOver()
    {
        var db = _temp.File("stale.db");
        File.WriteAllText(db + ".lock", "");
        File.WriteAllText(db + ".lock.owner", "pid 999999, ingest, since 2026-01-01 00:00:00Z");

        using var taken = LibraryLock.Acquire(db, "ingest");

        Assert.Contains("pid 999999", taken.TakenOverFrom);
    }

    private static long Pragma(SqliteFaceStore store, string name)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Builds a database exactly as FaceCluster's schema 'version' left it, with one photo and its faces.</summary>
    private static void CreateOldDatabase(string path, int version, PhotoOutcome photo)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        for (var v = 0; v < version; v++)
        {
            using var migrate = connection.CreateCommand();
            migrate.CommandText = SqliteFaceStore.Migrations[v] + $"; PRAGMA user_version = {v + 1};";
            migrate.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO photos (id, path, size, mtime_ms, content_hash, width, height, status, profile, face_count, updated_at) VALUES (1, $path, 1, 1, 'h', 640, 480, 0, 'faceapi', $n, 'then')";
        insert.Parameters.AddWithValue("$path", photo.Path);
        insert.Parameters.AddWithValue("$n", photo.Faces!.Count);
        insert.ExecuteNonQuery();
        foreach (var face in photo.Faces)
        {
            using var addFace = connection.CreateCommand();
            addFace.CommandText = "INSERT INTO faces (photo_id, profile, x, y, w, h, score, quality, landmarks, embedding) VALUES (1, 'faceapi', 1, 2, 3, 4, 0.9, 0.8, x'00', $e)";
            addFace.Parameters.AddWithValue("$e", System.Runtime.InteropServices.MemoryMarshal.AsBytes(face.Embedding.AsSpan()).ToArray());
            addFace.ExecuteNonQuery();
        }
    }
}
