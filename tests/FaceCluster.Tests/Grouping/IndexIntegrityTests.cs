using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Grouping;

/// <summary>The HNSW index beside a real library must never keep vectors the faces table no longer holds.</summary>
public sealed class IndexIntegrityTests : IDisposable
{
    // Twelve faces: above the limit, so 'group' goes through the saved HNSW index.
    private static readonly GroupingOptions Options = GroupingOptions.Default with { ExactSearchLimit = 10, Hnsw = new HnswOptions { Threads = 1 } };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Group_PhotoRedoneAboveTheExactSearchLimit_IndexHoldsItsNewVectors()
    {
        // Given a library grouped through the HNSW index
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 6), StoreTestData.Photo("/p/b.jpg", 6, seed: 1)], runId: 1);
        Assert.Equal("HNSW index built", Group(store, db).IndexAction);

        // When the photo holding the highest face ids is re-done with other faces, and grouped again
        store.SaveOutcomes([StoreTestData.Photo("/p/b.jpg", 6, seed: 2)], runId: 2);
        var summary = Group(store, db);

        // Then its faces got fresh ids, and the index finds every stored face at its own vector
        Assert.Equal("HNSW index built", summary.IndexAction);
        var faces = store.ReadFaces("faceapi").ToList();
        Assert.Equal(12, faces.Count);
        Assert.True(faces.Where(f => f.PhotoPath == "/p/b.jpg").Min(f => f.Id) > 12, "a re-done photo's faces must not reuse deleted ids");
        AssertIndexHoldsExactly(db, faces);
    }

    [Fact]
    public void Group_VectorReplacedUnderTheSameId_IsSeenByTheIndexCheckAndRebuilt()
    {
        // Given a library grouped through the HNSW index
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 6), StoreTestData.Photo("/p/b.jpg", 6, seed: 1)], runId: 1);
        Group(store, db);
        var indexStore = new FaceIndexStore(db, "faceapi", Options.Hnsw);
        Assert.True(IsConsistent(indexStore, store.ReadFaces("faceapi").ToList()));

        // When one face's vector changes while its id stays (what an id reused before the AUTOINCREMENT migration did)
        var changed = store.ReadFaces("faceapi").Last().Id;
        using (var update = store.Connection.CreateCommand())
        {
            update.CommandText = "UPDATE faces SET embedding = $e WHERE id = $id";
            update.Parameters.AddWithValue("$e", BlobCodec.Encode(StoreTestData.Face(999).Embedding));
            update.Parameters.AddWithValue("$id", changed);
            update.ExecuteNonQuery();
        }

        // Then the doctor's check sees it, and 'group' rebuilds the index instead of reusing it
        var faces = store.ReadFaces("faceapi").ToList();
        Assert.False(IsConsistent(indexStore, faces));
        Assert.Equal("HNSW index built", Group(store, db).IndexAction);
        Assert.True(IsConsistent(indexStore, faces));
        AssertIndexHoldsExactly(db, faces);
    }

    [Fact]
    public void Group_NewPhotoOnly_ExtendsTheIndex()
    {
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 6), StoreTestData.Photo("/p/b.jpg", 6, seed: 1)], runId: 1);
        Group(store, db);

        store.SaveOutcomes([StoreTestData.Photo("/p/c.jpg", 3, seed: 3)], runId: 2);

        Assert.Equal("HNSW index extended", Group(store, db).IndexAction);
        AssertIndexHoldsExactly(db, store.ReadFaces("faceapi").ToList());
    }

    private static GroupSummary Group(SqliteFaceStore store, string db) => new PeopleGrouping(store, db, "faceapi", Options).Run("test");

    private static bool IsConsistent(FaceIndexStore index, List<StoredFace> faces) =>
        index.IsConsistent(faces.Select(f => f.Id).ToArray(), faces.SelectMany(f => f.Embedding).ToArray(), 128);

    private static void AssertIndexHoldsExactly(string db, List<StoredFace> faces)
    {
        using var index = HnswIndex.Load(new FaceIndexStore(db, "faceapi", Options.Hnsw).IndexPath, 128, Options.Hnsw);
        Assert.Equal(faces.Count, index.Count);
        var hit = new Neighbour[1];
        foreach (var face in faces)
        {
            Assert.Equal(1, index.Search(face.Embedding, hit));
            Assert.Equal(face.Id, hit[0].Key);
            Assert.True(hit[0].Distance < 1e-4f, $"face {face.Id} is indexed {hit[0].Distance} away from its stored vector");
        }
    }
}
