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
            people.Add(new PersonRecord(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3)));
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

    public IReadOnlyList<long> ApplyGrouping(string profile, IReadOnlyList<PersonAssignment> people)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var clear = Command(connection, "UPDATE faces SET person_id = NULL WHERE profile = @profile AND person_id IS NOT NULL", transaction))
        {
            clear.Parameters.AddWithValue("profile", profile);
            clear.ExecuteNonQuery();
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
                   "UPDATE faces f SET person_id = a.person FROM unnest(@faces, @people) AS a(face, person) WHERE f.id = a.face", transaction))
        {
            assign.Parameters.AddWithValue("faces", people.SelectMany(p => p.FaceIds).ToArray());
            assign.Parameters.AddWithValue("people", people.SelectMany((p, i) => p.FaceIds.Select(_ => result[i])).ToArray());
            assign.ExecuteNonQuery();
        }

        // As in SQLite: unnamed people left without faces are forgotten, those merged into them first.
        using (var prune = Command(connection, $"DELETE FROM people WHERE merged_into IN ({Forgotten}); DELETE FROM people WHERE id IN ({Forgotten});", transaction))
        {
            prune.Parameters.AddWithValue("profile", profile);
            prune.ExecuteNonQuery();
        }

        transaction.Commit();
        return result;
    }

    private const string Forgotten =
        "SELECT id FROM people p WHERE profile = @profile AND name IS NULL AND merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.person_id = p.id)";

    public void NamePerson(long personId, string name) => Correct(personId, null, "name", "UPDATE people SET name = @name WHERE id = @into", ("name", name));

    public void MergePeople(long into, long from)
    {
        if (into == from)
        {
            throw new CorrectionException($"cannot merge person {into} into itself");
        }

        Correct(into, from, "merge",
            """
            UPDATE faces SET person_id = @into WHERE person_id = @from;
            UPDATE people SET merged_into = @into WHERE id = @from;
            UPDATE people SET merged_into = @into WHERE merged_into = @from;
            UPDATE people SET name = (SELECT name FROM people WHERE id = @from) WHERE id = @into AND name IS NULL;
            INSERT INTO rejections (face_id, person_id, created_at) SELECT face_id, @into, created_at FROM rejections WHERE person_id = @from ON CONFLICT DO NOTHING;
            INSERT INTO denials (person_a, person_b, created_at)
                SELECT least(@into, other), greatest(@into, other), created_at FROM
                    (SELECT CASE WHEN person_a = @from THEN person_b ELSE person_a END AS other, created_at FROM denials WHERE @from IN (person_a, person_b)) d
                WHERE other <> @into
                ON CONFLICT DO NOTHING;
            DELETE FROM denials WHERE @from IN (person_a, person_b);
            """);
    }

    public void DenyPair(long first, long second)
    {
        if (first == second)
        {
            throw new CorrectionException($"person {first} cannot be denied against itself");
        }

        Correct(Math.Min(first, second), Math.Max(first, second), "deny",
            "INSERT INTO denials (person_a, person_b, created_at) VALUES (@into, @from, @now) ON CONFLICT DO NOTHING", ("now", Now()));
    }

    /// <summary>
    /// Runs a correction of one or two people in one transaction, after refusing a person that does not exist or was
    /// merged away (the message names the person to use instead), as the SQLite store does.
    /// </summary>
    private void Correct(long into, long? from, string correction, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        RequireLivePerson(connection, transaction, into, correction);
        if (from is { } other)
        {
            RequireLivePerson(connection, transaction, other, correction);
        }

        using var command = Command(connection, sql, transaction);
        command.Parameters.AddWithValue("into", into);
        command.Parameters.AddWithValue("from", from ?? 0L);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private static void RequireLivePerson(NpgsqlConnection connection, NpgsqlTransaction transaction, long personId, string correction)
    {
        // FOR UPDATE: a concurrent merge of the same person waits instead of both seeing it alive.
        using var find = Command(connection, "SELECT merged_into FROM people WHERE id = @id FOR UPDATE", transaction);
        find.Parameters.AddWithValue("id", personId);
        using var reader = find.ExecuteReader();
        if (!reader.Read())
        {
            throw new CorrectionException($"no person {personId}");
        }

        if (!reader.IsDBNull(0))
        {
            var mergedInto = reader.GetInt64(0);
            throw new CorrectionException($"person {personId} was merged into person {mergedInto}; {correction} person {mergedInto} instead");
        }
    }

    public long? RejectFace(long faceId)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using var find = Command(connection, "SELECT person_id FROM faces WHERE id = @face FOR UPDATE", transaction);
        find.Parameters.AddWithValue("face", faceId);
        var value = find.ExecuteScalar();
        switch (value)
        {
            case null:
                throw new CorrectionException($"no face {faceId}");
            case DBNull:
                return null;
        }

        var personId = (long)value;
        using var reject = Command(connection,
            """
            INSERT INTO rejections (face_id, person_id, created_at) VALUES (@face, @person, @now) ON CONFLICT DO NOTHING;
            UPDATE faces SET person_id = NULL WHERE id = @face;
            """, transaction);
        reject.Parameters.AddWithValue("face", faceId);
        reject.Parameters.AddWithValue("person", personId);
        reject.Parameters.AddWithValue("now", Now());
        reject.ExecuteNonQuery();
        transaction.Commit();
        return personId;
    }

    public int UndoReject(long faceId) => Execute("DELETE FROM rejections WHERE face_id = @face", ("face", faceId));
}
