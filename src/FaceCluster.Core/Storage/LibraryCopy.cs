namespace FaceCluster.Storage;

/// <summary>
/// Copies a whole library into an empty one, either backend to either: every row of every table with its ids, so
/// names, merges, rejections, denials, runs, settings, hidden people and the corrections log (so undo works on the
/// copy) come over exactly. The HNSW index is derived and rebuilt by the next <c>group</c>; the ingest work queue of a
/// PostgreSQL library is transient and stays behind.
/// </summary>
public static class LibraryCopy
{
    /// <summary>The tables in foreign-key order and their columns, common to SQLite schema 6 and PostgreSQL schema 3; the neighbour lists of <c>group --neighbours</c> are a cache and are not copied.</summary>
    public static IReadOnlyList<(string Table, string[] Columns, bool HasId)> Tables { get; } =
    [
        ("photos", ["id", "path", "size", "mtime_ms", "content_hash", "width", "height", "status", "error", "profile", "face_count", "run_id", "updated_at"], true),
        ("people", ["id", "profile", "name", "merged_into", "created_at", "hidden"], true),
        ("faces", ["id", "photo_id", "profile", "x", "y", "w", "h", "score", "quality", "landmarks", "embedding", "person_id"], true),
        ("rejections", ["face_id", "person_id", "created_at"], false),
        ("denials", ["person_a", "person_b", "created_at"], false),
        ("runs", ["id", "kind", "started_at", "ended_at", "status", "version", "profile", "files_seen", "files_new", "files_changed", "files_unchanged", "files_failed", "files_missing", "faces_added", "stage_seconds"], true),
        ("settings", ["key", "value"], false),
        ("corrections", ["id", "kind", "data", "undoes", "created_at"], true),
    ];

    /// <summary>Copies <paramref name="from"/> into <paramref name="to"/>, which must be empty; returns the rows copied per table.</summary>
    public static IReadOnlyDictionary<string, int> Copy(ILibraryTables from, ILibraryTables to)
    {
        if (!to.IsEmpty())
        {
            throw new Configuration.ConfigurationException("the target library is not empty; 'library copy' only copies into a new or empty library");
        }

        var counts = new Dictionary<string, int>();
        var tables = Tables.Select(t => new TableRows(t.Table, t.Columns, Counted(from.ReadRows(t.Table, t.Columns), t.Table, counts),
            t.HasId ? from.IdHighWater(t.Table) : 0)).ToList();
        to.Import(tables);
        return counts;
    }

    private static IEnumerable<object?[]> Counted(IEnumerable<object?[]> rows, string table, Dictionary<string, int> counts)
    {
        counts[table] = 0;
        foreach (var row in rows)
        {
            counts[table]++;
            yield return row;
        }
    }
}
