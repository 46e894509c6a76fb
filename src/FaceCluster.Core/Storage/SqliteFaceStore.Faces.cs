using Microsoft.Data.Sqlite;
using FaceCluster.Detection;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public IEnumerable<StoredFace> ReadFaces(string profile)
    {
        using var command = Command($"SELECT {FaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.profile = $profile ORDER BY f.id");
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadStoredFace(reader);
        }
    }

    private const string FaceColumns = "f.id, f.photo_id, p.path, f.x, f.y, f.w, f.h, f.score, f.embedding";

    private static StoredFace ReadStoredFace(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
        new FaceBox(reader.GetFloat(3), reader.GetFloat(4), reader.GetFloat(5), reader.GetFloat(6)),
        reader.GetFloat(7), BlobCodec.DecodeFloats((byte[])reader[8]));

    public int CountFaces(string profile)
    {
        using var command = Command("SELECT COUNT(*) FROM faces WHERE profile = $profile");
        command.Parameters.AddWithValue("$profile", profile);
        return Convert.ToInt32(command.ExecuteScalar());
    }
}
