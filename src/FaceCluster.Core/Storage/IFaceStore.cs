namespace FaceCluster.Storage;

/// <summary>
/// The one storage seam: the ingest pipeline, the index and grouping talk only to this. SQLite
/// (<see cref="SqliteFaceStore"/>) and PostgreSQL (<see cref="Postgres.PostgresFaceStore"/>) implement it, held to one
/// contract by the tests' StoreContractTests; <see cref="LibraryStores"/> picks one from the Database setting.
/// </summary>
public interface IFaceStore : IPeopleStore, IReviewStore, INeighbourStore, IDisposable
{
    /// <summary>Every known photo by path, for the incremental scan.</summary>
    IReadOnlyDictionary<string, PhotoRecord> LoadPhotoIndex();

    /// <summary>
    /// Writes outcomes in one transaction: each photo row is upserted and its faces replaced; a face with a
    /// <see cref="FaceRecord.Name"/> joins the live person of that name (created if there is none).
    /// </summary>
    void SaveOutcomes(IReadOnlyList<PhotoOutcome> outcomes, long runId);

    /// <summary>Marks photos whose files are gone; returns how many changed state.</summary>
    int MarkMissing(IReadOnlyCollection<string> paths);

    /// <summary>Deletes missing photos and their faces; returns how many photos were removed.</summary>
    int PruneMissing();

    /// <summary>Records a run as running; runs still marked running from before are marked interrupted (the caller holds the lock).</summary>
    long BeginRun(RunRecord run);

    /// <summary>Records how a run ended; false when no run row was changed (so nothing can claim it was ended).</summary>
    bool EndRun(RunRecord run);

    RunRecord? LastRun(string? kind = null);

    LibraryStatus GetStatus();

    /// <summary>Streams the faces embedded under <paramref name="profile"/> in ascending id order.</summary>
    IEnumerable<StoredFace> ReadFaces(string profile);

    int CountFaces(string profile);

    /// <summary>The profiles that have faces in this library, in ordinal order (a walk of the profile index, not a scan).</summary>
    IReadOnlyList<string> FaceProfiles();

    /// <summary>
    /// The faces embedded under <paramref name="profile"/> for grouping: ids, photo ids, detection score and face size,
    /// and every embedding in one contiguous buffer, in ascending id order. Read from one snapshot in batches of
    /// <paramref name="batchSize"/> rows with a data reader, each BLOB copied straight into the buffer (no per-face
    /// objects, unlike <see cref="ReadFaces"/>); null when the profile has no faces.
    /// </summary>
    Grouping.GroupingInput? ReadEmbeddings(string profile, int batchSize = EmbeddingBatch.DefaultSize);

    string? GetSetting(string key);

    /// <summary>The backend's own consistency check of its files (pages, indexes); empty when healthy.</summary>
    IReadOnlyList<string> CheckIntegrity();

    /// <summary>Rows pointing at rows that do not exist; empty when healthy.</summary>
    IReadOnlyList<string> CheckReferences();

    /// <summary>Rebuilds every index from its table's rows (damaged index pages hold no data of their own).</summary>
    /// <exception cref="StoreException">The rebuild failed (the damage is in the tables themselves).</exception>
    void RebuildIndexes();

    /// <summary>Faces whose photo row is gone (only possible if foreign keys were ever bypassed).</summary>
    int CountOrphanFaces();

    int DeleteOrphanFaces();

    /// <summary>Runs still marked running: their process died (a live run holds the library lock).</summary>
    IReadOnlyList<RunRecord> UnfinishedRuns();

    void SetSetting(string key, string value);
}
