using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore
{
    public IReadOnlyList<PersonRecord> LoadPeople(string profile)
    {
        using var connection = Connect();
        using var command = Command(connection,
            """
            SELECT p.id, p.name, p.merged_into, (SELECT count(*) FROM faces f WHERE f.person_id = p.id)::integer
            FROM people p WHERE p.profile = @profile ORDER BY p.id
            """);
        command.Parameters.AddWithValue("profile", profile);
        using var reader = command.ExecuteReader();
        var people = new List<PersonRecord>();
        while (reader.Read())
        {
            people.Add(StoreRows.Person(reader));
        }

        return people;
    }

    public IReadOnlyDictionary<long, long> LoadAssignments(string profile) =>
        IdPairs("SELECT id, person_id FROM faces WHERE profile = @profile AND person_id IS NOT NULL", profile).ToDictionary(p => p.Item1, p => p.Item2);

    public IReadOnlyList<(long FaceId, long PersonId)> LoadRejections(string profile) =>
        IdPairs("SELECT r.face_id, r.person_id FROM rejections r JOIN people p ON p.id = r.person_id WHERE p.profile = @profile", profile);

    public IReadOnlyList<(long PersonA, long PersonB)> LoadDenials(string profile) =>
        IdPairs("SELECT d.person_a, d.person_b FROM denials d JOIN people p ON p.id = d.person_a WHERE p.profile = @profile ORDER BY 1, 2", profile);

    private List<(long, long)> IdPairs(string sql, string profile)
    {
        using var connection = Connect();
        using var command = Command(connection, sql);
        command.Parameters.AddWithValue("profile", profile);
        using var reader = command.ExecuteReader();
        var result = new List<(long, long)>();
        while (reader.Read())
        {
            result.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return result;
    }

    public AppliedGrouping ApplyGrouping(string profile, IReadOnlyList<PersonAssignment> people)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var faces = people.SelectMany(p => p.FaceIds).ToArray();
        int written;

        // Only the faces whose person changes are written (an anti-join here, IS DISTINCT FROM below): an incremental
        // run keeps nearly every face's person, and a row update per face would dominate its time.
        using (var clear = Command(connection,
                   "UPDATE faces f SET person_id = NULL WHERE f.profile = @profile AND f.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unnest(@faces) AS a(face) WHERE a.face = f.id)",
                   transaction))
        {
            clear.Parameters.AddWithValue("profile", profile);
            clear.Parameters.AddWithValue("faces", faces);
            written = clear.ExecuteNonQuery();
        }

        var newPeople = people.Count(p => p.PersonId is null);
        var created = new Queue<long>(newPeople);
        using (var create = Command(connection,
                   "INSERT INTO people (profile, created_at) SELECT @profile, @now FROM generate_series(1, @count) ORDER BY 1 RETURNING id", transaction))
        {
            create.Parameters.AddWithValue("profile", profile);
            create.Parameters.AddWithValue("now", Now());
            create.Parameters.AddWithValue("count", newPeople);
            using var reader = create.ExecuteReader();
            var ids = new List<long>(newPeople);
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
            }

            ids.Sort();
            ids.ForEach(created.Enqueue);
        }

        var result = people.Select(p => p.PersonId ?? created.Dequeue()).ToList();
        // One statement for all assignments: a row per face sent as two arrays instead of a round trip per face.
        using (var assign = Command(connection,
                   "UPDATE faces f SET person_id = a.person FROM unnest(@faces, @people) AS a(face, person) WHERE f.id = a.face AND f.person_id IS DISTINCT FROM a.person",
                   transaction))
        {
            assign.Parameters.AddWithValue("faces", faces);
            assign.Parameters.AddWithValue("people", people.SelectMany((p, i) => p.FaceIds.Select(_ => result[i])).ToArray());
            written += assign.ExecuteNonQuery();
        }

        // As in SQLite: unnamed people left without faces are forgotten, those merged into them first.
        using (var prune = Command(connection, $"DELETE FROM people WHERE merged_into IN ({Forgotten}); DELETE FROM people WHERE id IN ({Forgotten});", transaction))
        {
            prune.Parameters.AddWithValue("profile", profile);
            prune.ExecuteNonQuery();
        }

        transaction.Commit();
        return new AppliedGrouping(result, written);
    }

    private const string Forgotten =
        "SELECT id FROM people p WHERE profile = @profile AND name IS NULL AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.person_id = p.id)";

    public int UndoReject(long faceId) => Execute("DELETE FROM rejections WHERE face_id = @face", ("face", faceId));
}
