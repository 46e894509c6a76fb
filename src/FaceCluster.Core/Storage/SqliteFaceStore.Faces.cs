using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public IEnumerable<StoredFace> ReadFaces(string profile)
    {
        using var command = Command($"SELECT {StoreRows.FaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.profile = $profile ORDER BY f.id");
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return StoreRows.Face(reader);
        }
    }

    public Grouping.GroupingInput? ReadEmbeddings(string profile, int batchSize = EmbeddingBatch.DefaultSize)
    {
        // One read transaction: in WAL mode its snapshot holds from the first read, so the count and every batch agree.
        using var transaction = _connection.BeginTransaction(deferred: true);
        using var count = Command("SELECT COUNT(*) FROM faces WHERE profile = $profile", transaction);
        count.Parameters.AddWithValue("$profile", profile);
        using var batch = Command(
            "SELECT id, photo_id, score, min(w, h), embedding FROM faces WHERE profile = $profile AND id > $after ORDER BY id LIMIT $batch", transaction);
        batch.Parameters.AddWithValue("$profile", profile);
        var after = batch.Parameters.Add("$after", SqliteType.Integer);
        batch.Parameters.AddWithValue("$batch", batchSize);
        var faces = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        return EmbeddingBuffer.Read(faces, batchSize, last =>
        {
            after.Value = last;
            return batch.ExecuteReader();
        });
    }

    public int CountFaces(string profile)
    {
        using var command = Command("SELECT COUNT(*) FROM faces WHERE profile = $profile");
        command.Parameters.AddWithValue("$profile", profile);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    public IReadOnlyList<string> FaceProfiles()
    {
        using var command = Command(StoreRows.FaceProfilesQuery);
        using var reader = command.ExecuteReader();
        return StoreRows.Strings(reader);
    }
}
