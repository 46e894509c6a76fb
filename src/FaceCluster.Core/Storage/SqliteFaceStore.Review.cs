using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore : IReviewStore
{
    public ReviewPage<ReviewPerson> LoadPeoplePage(string profile, PeopleFilter filter, int offset, int limit, int samples)
    {
        var where = PeopleFilterSql.Where(filter);
        using var count = Command($"SELECT COUNT(*) FROM people p WHERE p.profile = $profile AND p.merged_into IS NULL AND {where}");
        count.Parameters.AddWithValue("$profile", profile);
        var total = Convert.ToInt32(count.ExecuteScalar());

        using var command = Command(
            $"""
             SELECT p.id, p.name, p.hidden, (SELECT COUNT(*) FROM faces f WHERE f.person_id = p.id) AS faces
             FROM people p WHERE p.profile = $profile AND p.merged_into IS NULL AND {where}
             ORDER BY p.name IS NULL, faces DESC, p.id LIMIT $limit OFFSET $offset
             """);
        command.Parameters.AddWithValue("$profile", profile);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        var rows = new List<(long Id, string? Name, bool Hidden, int Faces)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt32(3)));
            }
        }

        return new ReviewPage<ReviewPerson>(rows.Select(r => new ReviewPerson(r.Id, r.Name, r.Faces, r.Hidden, SampleFaces(r.Id, samples))).ToList(), total);
    }

    public ReviewPerson? GetReviewPerson(long personId, int samples)
    {
        using var command = Command(
            "SELECT name, hidden, (SELECT COUNT(*) FROM faces WHERE person_id = $id) FROM people WHERE id = $id AND merged_into IS NULL");
        command.Parameters.AddWithValue("$id", personId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ReviewPerson(personId, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt32(2), reader.GetInt64(1) != 0, SampleFaces(personId, samples))
            : null;
    }

    public ReviewPage<ReviewFace> LoadPersonFaces(long personId, long afterFaceId, int limit) =>
        FacePage("f.person_id = $key", personId, afterFaceId, limit);

    public ReviewPage<ReviewFace> LoadUnassignedFaces(string profile, long afterFaceId, int limit) =>
        FacePage("f.profile = $key AND f.person_id IS NULL", profile, afterFaceId, limit);

    public ReviewFace? GetReviewFace(long faceId)
    {
        using var command = Command($"SELECT {StoreRows.ReviewFaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.id = $id");
        command.Parameters.AddWithValue("$id", faceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.ReviewFace(reader) : null;
    }

    public string? GetPhotoPath(long photoId)
    {
        using var command = Command("SELECT path FROM photos WHERE id = $id");
        command.Parameters.AddWithValue("$id", photoId);
        return command.ExecuteScalar() as string;
    }

    private ReviewPage<ReviewFace> FacePage(string where, object key, long afterFaceId, int limit)
    {
        using var count = Command($"SELECT COUNT(*) FROM faces f WHERE {where}");
        count.Parameters.AddWithValue("$key", key);
        var total = Convert.ToInt32(count.ExecuteScalar());
        using var command = Command(
            $"SELECT {StoreRows.ReviewFaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE {where} AND f.id > $after ORDER BY f.id LIMIT $limit");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$after", afterFaceId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var faces = new List<ReviewFace>();
        while (reader.Read())
        {
            faces.Add(StoreRows.ReviewFace(reader));
        }

        return new ReviewPage<ReviewFace>(faces, total);
    }


    private List<long> SampleFaces(long personId, int samples)
    {
        using var command = Command("SELECT id FROM faces WHERE person_id = $person ORDER BY id LIMIT $limit");
        command.Parameters.AddWithValue("$person", personId);
        command.Parameters.AddWithValue("$limit", samples);
        using var reader = command.ExecuteReader();
        var ids = new List<long>(samples);
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }
}
