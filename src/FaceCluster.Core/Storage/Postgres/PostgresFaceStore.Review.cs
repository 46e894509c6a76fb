using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore : IReviewStore
{
    public ReviewPage<ReviewPerson> LoadPeoplePage(string profile, PeopleFilter filter, int offset, int limit, int samples)
    {
        var where = PeopleFilterSql.Where(filter);
        using var connection = Connect();
        using var count = Command(connection, $"SELECT count(*)::integer FROM people p WHERE p.profile = @profile AND p.merged_into IS NULL AND {where}");
        count.Parameters.AddWithValue("profile", profile);
        var total = (int)count.ExecuteScalar()!;

        using var command = Command(connection,
            $"""
             SELECT p.id, p.name, p.hidden, (SELECT count(*) FROM faces f WHERE f.person_id = p.id)::integer AS faces, {SampleFaces}
             FROM people p WHERE p.profile = @profile AND p.merged_into IS NULL AND {where}
             ORDER BY p.name IS NULL, faces DESC, p.id LIMIT @limit OFFSET @offset
             """);
        command.Parameters.AddWithValue("profile", profile);
        command.Parameters.AddWithValue("samples", samples);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("offset", offset);
        using var reader = command.ExecuteReader();
        var people = new List<ReviewPerson>();
        while (reader.Read())
        {
            people.Add(ReadReviewPerson(reader));
        }

        return new ReviewPage<ReviewPerson>(people, total);
    }

    public ReviewPerson? GetReviewPerson(long personId, int samples)
    {
        using var connection = Connect();
        using var command = Command(connection,
            $"SELECT p.id, p.name, p.hidden, (SELECT count(*) FROM faces f WHERE f.person_id = p.id)::integer, {SampleFaces} FROM people p WHERE p.id = @id AND p.merged_into IS NULL");
        command.Parameters.AddWithValue("id", personId);
        command.Parameters.AddWithValue("samples", samples);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadReviewPerson(reader) : null;
    }

    public ReviewPage<ReviewFace> LoadPersonFaces(long personId, long afterFaceId, int limit) =>
        FacePage("f.person_id = @key", personId, afterFaceId, limit);

    public ReviewPage<ReviewFace> LoadUnassignedFaces(string profile, long afterFaceId, int limit) =>
        FacePage("f.profile = @key AND f.person_id IS NULL", profile, afterFaceId, limit);

    public ReviewFace? GetReviewFace(long faceId)
    {
        using var connection = Connect();
        using var command = Command(connection, $"SELECT {StoreRows.ReviewFaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.id = @id");
        command.Parameters.AddWithValue("id", faceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.ReviewFace(reader) : null;
    }

    public string? GetPhotoPath(long photoId) => Scalar<string?>("SELECT path FROM photos WHERE id = @id", ("id", photoId));

    /// <summary>A person's first face ids, fetched with the person in one statement rather than a query per person.</summary>
    private const string SampleFaces = "ARRAY(SELECT s.id FROM faces s WHERE s.person_id = p.id ORDER BY s.id LIMIT @samples)";

    private ReviewPage<ReviewFace> FacePage(string where, object key, long afterFaceId, int limit)
    {
        using var connection = Connect();
        using var count = Command(connection, $"SELECT count(*)::integer FROM faces f WHERE {where}");
        count.Parameters.AddWithValue("key", key);
        var total = (int)count.ExecuteScalar()!;
        using var command = Command(connection,
            $"SELECT {StoreRows.ReviewFaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE {where} AND f.id > @after ORDER BY f.id LIMIT @limit");
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("after", afterFaceId);
        command.Parameters.AddWithValue("limit", limit);
        using var reader = command.ExecuteReader();
        var faces = new List<ReviewFace>();
        while (reader.Read())
        {
            faces.Add(StoreRows.ReviewFace(reader));
        }

        return new ReviewPage<ReviewFace>(faces, total);
    }

    private static ReviewPerson ReadReviewPerson(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(3), reader.GetInt32(2) != 0, reader.GetFieldValue<long[]>(4));

}
