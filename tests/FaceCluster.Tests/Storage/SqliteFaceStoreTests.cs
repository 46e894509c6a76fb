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
