using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    /// <summary>
    /// Puts the face just inserted into the person called <paramref name="name"/> (the oldest live one, or a new one),
    /// as if the user had named it: a named person is confirmed, so grouping keeps it and its faces together.
    /// </summary>
    private void AssignNamedPerson(string profile, string name, SqliteTransaction transaction)
    {
        using var face = Command("SELECT last_insert_rowid()", transaction);
        var faceId = (long)face.ExecuteScalar()!;
        using var find = Command("SELECT id FROM people WHERE profile = $profile AND name = $name AND merged_into IS NULL ORDER BY id LIMIT 1", transaction);
        find.Parameters.AddWithValue("$profile", profile);
        find.Parameters.AddWithValue("$name", name);
        if (find.ExecuteScalar() is not long personId)
        {
            using var create = Command("INSERT INTO people (profile, name, created_at) VALUES ($profile, $name, $now) RETURNING id", transaction);
            create.Parameters.AddWithValue("$profile", profile);
            create.Parameters.AddWithValue("$name", name);
            create.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            personId = (long)create.ExecuteScalar()!;
        }

        using var assign = Command("UPDATE faces SET person_id = $person WHERE id = $face", transaction);
        assign.Parameters.AddWithValue("$person", personId);
        assign.Parameters.AddWithValue("$face", faceId);
        assign.ExecuteNonQuery();
    }
}
