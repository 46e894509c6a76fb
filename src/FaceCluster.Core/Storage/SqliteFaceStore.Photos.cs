using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public IReadOnlyDictionary<string, PhotoRecord> LoadPhotoIndex()
    {
        var index = new Dictionary<string, PhotoRecord>(StringComparer.Ordinal);
        using var command = Command($"SELECT {StoreRows.PhotoColumns} FROM photos");
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

        using var transaction = _connection.BeginTransaction();
        using var upsert = Command(
            """
            INSERT INTO photos (path, size, mtime_ms, content_hash, width, height, status, error, profile, face_count, run_id, updated_at)
            VALUES ($path, $size, $mtime, $hash, $width, $height, $status, $error, $profile, $faces, $run, $now)
            ON CONFLICT(path) DO UPDATE SET
                size = excluded.size, mtime_ms = excluded.mtime_ms, content_hash = excluded.content_hash,
                width = CASE WHEN $replace THEN excluded.width ELSE photos.width END,
                height = CASE WHEN $replace THEN excluded.height ELSE photos.height END,
                status = excluded.status, error = excluded.error, profile = excluded.profile,
                face_count = CASE WHEN $replace THEN excluded.face_count ELSE photos.face_count END,
                run_id = excluded.run_id, updated_at = excluded.updated_at
            RETURNING id
            """, transaction);
        using var deleteFaces = Command("DELETE FROM faces WHERE photo_id = $photo", transaction);
        using var insertFace = Command(
            """
            INSERT INTO faces (photo_id, profile, x, y, w, h, score, quality, landmarks, embedding)
            VALUES ($photo, $profile, $x, $y, $w, $h, $score, $quality, $landmarks, $embedding)
            """, transaction);
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

        foreach (var outcome in outcomes)
        {
            var replace = outcome.Faces is not null;
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$path", outcome.Path);
            upsert.Parameters.AddWithValue("$size", outcome.Size);
            upsert.Parameters.AddWithValue("$mtime", outcome.MtimeMs);
            upsert.Parameters.AddWithValue("$hash", (object?)outcome.ContentHash ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$width", outcome.Width);
            upsert.Parameters.AddWithValue("$height", outcome.Height);
            upsert.Parameters.AddWithValue("$status", (int)outcome.Status);
            upsert.Parameters.AddWithValue("$error", (object?)outcome.Error ?? DBNull.Value);
            upsert.Parameters.AddWithValue("$profile", outcome.Profile);
            upsert.Parameters.AddWithValue("$faces", outcome.Faces?.Count ?? 0);
            upsert.Parameters.AddWithValue("$run", runId);
            upsert.Parameters.AddWithValue("$now", now);
            upsert.Parameters.AddWithValue("$replace", replace);
            var photoId = (long)upsert.ExecuteScalar()!;
            if (!replace)
            {
                continue;
            }

            deleteFaces.Parameters.Clear();
            deleteFaces.Parameters.AddWithValue("$photo", photoId);
            deleteFaces.ExecuteNonQuery();
            foreach (var face in outcome.Faces!)
            {
                InsertFace(insertFace, photoId, outcome.Profile, face);
                if (face.Name is { } name)
                {
                    AssignNamedPerson(outcome.Profile, name, transaction);
                }
            }
        }

        transaction.Commit();
    }

    public int MarkMissing(IReadOnlyCollection<string> paths)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = Command($"UPDATE photos SET status = {(int)PhotoStatus.Missing} WHERE path = $path AND status <> {(int)PhotoStatus.Missing}", transaction);
        var parameter = command.Parameters.Add("$path", SqliteType.Text);
        var changed = 0;
        foreach (var path in paths)
        {
            parameter.Value = path;
            changed += command.ExecuteNonQuery();
        }

        transaction.Commit();
        return changed;
    }

    public int PruneMissing()
    {
        using var command = Command($"DELETE FROM photos WHERE status = {(int)PhotoStatus.Missing}");
        return command.ExecuteNonQuery();
    }

    private static void InsertFace(SqliteCommand insert, long photoId, string profile, FaceRecord face)
    {
        StoreRows.BindFace(insert, photoId, profile, face);
        insert.ExecuteNonQuery();
    }
}
