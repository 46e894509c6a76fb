using Npgsql;
using NpgsqlTypes;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore
{
    public IReadOnlyDictionary<string, PhotoRecord> LoadPhotoIndex()
    {
        var index = new Dictionary<string, PhotoRecord>(StringComparer.Ordinal);
        using var connection = Connect();
        using var command = Command(connection, $"SELECT {StoreRows.PhotoColumns} FROM photos");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var record = StoreRows.Photo(reader);
            index[record.Path] = record;
        }

        return index;
    }

    public void SaveOutcomes(IReadOnlyList<PhotoOutcome> outcomes, long runId)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using var upsert = Command(connection,
            """
            INSERT INTO photos AS p (path, size, mtime_ms, content_hash, width, height, status, error, profile, face_count, run_id, updated_at)
            VALUES (@path, @size, @mtime, @hash, @width, @height, @status, @error, @profile, @faces, @run, @now)
            ON CONFLICT (path) DO UPDATE SET
                size = excluded.size, mtime_ms = excluded.mtime_ms, content_hash = excluded.content_hash,
                width = CASE WHEN @replace THEN excluded.width ELSE p.width END,
                height = CASE WHEN @replace THEN excluded.height ELSE p.height END,
                status = excluded.status, error = excluded.error, profile = excluded.profile,
                face_count = CASE WHEN @replace THEN excluded.face_count ELSE p.face_count END,
                run_id = excluded.run_id, updated_at = excluded.updated_at
            RETURNING id
            """, transaction);
        // A claimed photo is finished in the same transaction that stores it: a worker killed before this commit
        // leaves the claim to expire, one killed after leaves nothing to redo.
        using var finish = Command(connection, "UPDATE ingest_queue SET done_at = now(), claimed_by = NULL, lease_until = NULL WHERE path = @path", transaction);
        using var deleteFaces = Command(connection, "DELETE FROM faces WHERE photo_id = @photo", transaction);
        using var insertFace = Command(connection,
            """
            INSERT INTO faces (photo_id, profile, x, y, w, h, score, quality, landmarks, embedding)
            VALUES (@photo, @profile, @x, @y, @w, @h, @score, @quality, @landmarks, @embedding) RETURNING id
            """, transaction);
        var now = Now();
        foreach (var outcome in outcomes)
        {
            var replace = outcome.Faces is not null;
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("path", outcome.Path);
            upsert.Parameters.AddWithValue("size", outcome.Size);
            upsert.Parameters.AddWithValue("mtime", outcome.MtimeMs);
            upsert.Parameters.AddWithValue("hash", NpgsqlDbType.Text, (object?)outcome.ContentHash ?? DBNull.Value);
            upsert.Parameters.AddWithValue("width", outcome.Width);
            upsert.Parameters.AddWithValue("height", outcome.Height);
            upsert.Parameters.AddWithValue("status", (int)outcome.Status);
            upsert.Parameters.AddWithValue("error", NpgsqlDbType.Text, (object?)outcome.Error ?? DBNull.Value);
            upsert.Parameters.AddWithValue("profile", outcome.Profile);
            upsert.Parameters.AddWithValue("faces", outcome.Faces?.Count ?? 0);
            upsert.Parameters.AddWithValue("run", runId);
            upsert.Parameters.AddWithValue("now", now);
            upsert.Parameters.AddWithValue("replace", replace);
            var photoId = (long)upsert.ExecuteScalar()!;
            finish.Parameters.Clear();
            finish.Parameters.AddWithValue("path", outcome.Path);
            finish.ExecuteNonQuery();
            if (!replace)
            {
                continue;
            }

            deleteFaces.Parameters.Clear();
            deleteFaces.Parameters.AddWithValue("photo", photoId);
            deleteFaces.ExecuteNonQuery();
            foreach (var face in outcome.Faces!)
            {
                var faceId = InsertFace(insertFace, photoId, outcome.Profile, face);
                if (face.Name is { } name)
                {
                    AssignNamedPerson(connection, transaction, outcome.Profile, name, faceId);
                }
            }
        }

        transaction.Commit();
    }

    public int MarkMissing(IReadOnlyCollection<string> paths) =>
        Execute($"UPDATE photos SET status = {(int)PhotoStatus.Missing} WHERE path = ANY(@paths) AND status <> {(int)PhotoStatus.Missing}", ("paths", paths.ToArray()));

    public int PruneMissing() => Execute($"DELETE FROM photos WHERE status = {(int)PhotoStatus.Missing}");

    private static long InsertFace(NpgsqlCommand insert, long photoId, string profile, FaceRecord face)
    {
        StoreRows.BindFace(insert, photoId, profile, face);
        return (long)insert.ExecuteScalar()!;
    }

    /// <summary>
    /// Puts a face into the person called <paramref name="name"/> (the oldest live one, or a new one), as if the user
    /// had named it. A transaction-level advisory lock on the name keeps two workers from creating the person twice.
    /// </summary>
    private static void AssignNamedPerson(NpgsqlConnection connection, NpgsqlTransaction transaction, string profile, string name, long faceId)
    {
        using var command = Command(connection,
            """
            SELECT pg_advisory_xact_lock(hashtextextended(@profile || '/' || @name, 0));
            INSERT INTO people (profile, name, created_at)
                SELECT @profile, @name, @now WHERE NOT EXISTS (SELECT 1 FROM people WHERE profile = @profile AND name = @name AND merged_into IS NULL);
            UPDATE faces SET person_id = (SELECT id FROM people WHERE profile = @profile AND name = @name AND merged_into IS NULL ORDER BY id LIMIT 1) WHERE id = @face;
            """, transaction);
        command.Parameters.AddWithValue("profile", profile);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("now", Now());
        command.Parameters.AddWithValue("face", faceId);
        command.ExecuteNonQuery();
    }

    public IEnumerable<StoredFace> ReadFaces(string profile)
    {
        using var connection = Connect();
        using var command = Command(connection, $"SELECT {StoreRows.FaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.profile = @profile ORDER BY f.id");
        command.Parameters.AddWithValue("profile", profile);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return StoreRows.Face(reader);
        }
    }

    public Grouping.GroupingInput? ReadEmbeddings(string profile, int batchSize = EmbeddingBatch.DefaultSize)
    {
        using var connection = Connect();

        // Repeatable read: the count and every batch see one snapshot while ingest workers go on adding faces.
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using var count = Command(connection, "SELECT count(*) FROM faces WHERE profile = @profile", transaction);
        count.Parameters.AddWithValue("profile", profile);
        using var batch = Command(connection,
            "SELECT id, photo_id, score, least(w, h), embedding FROM faces WHERE profile = @profile AND id > @after ORDER BY id LIMIT @batch", transaction);
        batch.Parameters.AddWithValue("profile", profile);
        var after = batch.Parameters.Add("after", NpgsqlTypes.NpgsqlDbType.Bigint);
        batch.Parameters.AddWithValue("batch", batchSize);
        var faces = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var input = EmbeddingBuffer.Read(faces, batchSize, last =>
        {
            after.Value = last;
            return batch.ExecuteReader();
        });
        transaction.Commit();
        return input;
    }

    public int CountFaces(string profile) => Scalar<int>("SELECT count(*) FROM faces WHERE profile = @profile", ("profile", profile));

    public IReadOnlyList<string> FaceProfiles()
    {
        using var connection = Connect();
        using var command = Command(connection, StoreRows.FaceProfilesQuery);
        using var reader = command.ExecuteReader();
        return StoreRows.Strings(reader);
    }

    public StoredFace? GetFace(long faceId)
    {
        using var connection = Connect();
        using var command = Command(connection, $"SELECT {StoreRows.FaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.id = @id");
        command.Parameters.AddWithValue("id", faceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.Face(reader) : null;
    }
}
