using System.Globalization;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public IReadOnlyList<PersonRecord> LoadPeople(string profile)
    {
        using var command = Command(
            """
            SELECT p.id, p.name, p.merged_into, COUNT(f.id)
            FROM people p LEFT JOIN faces f ON f.person_id = p.id
            WHERE p.profile = $profile GROUP BY p.id ORDER BY p.id
            """);
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        var people = new List<PersonRecord>();
        while (reader.Read())
        {
            people.Add(StoreRows.Person(reader));
        }

        return people;
    }

    public IReadOnlyDictionary<long, long> LoadAssignments(string profile) => Assignments(profile, transaction: null);

    private Dictionary<long, long> Assignments(string profile, Microsoft.Data.Sqlite.SqliteTransaction? transaction)
    {
        using var command = Command("SELECT id, person_id FROM faces WHERE profile = $profile AND person_id IS NOT NULL", transaction);
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        var result = new Dictionary<long, long>();
        while (reader.Read())
        {
            result[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return result;
    }

    public IReadOnlyList<(long FaceId, long PersonId)> LoadRejections(string profile) =>
        IdPairs("SELECT r.face_id, r.person_id FROM rejections r JOIN people p ON p.id = r.person_id WHERE p.profile = $profile", profile);

    public AppliedGrouping ApplyGrouping(string profile, IReadOnlyList<PersonAssignment> people)
    {
        using var transaction = _connection.BeginTransaction();

        // Reading the current assignments costs one scan; writing only the differences saves a row update per face
        // that keeps its person, which is nearly every face of an incremental run.
        var previous = Assignments(profile, transaction);
        using var create = Command("INSERT INTO people (profile, created_at) VALUES ($profile, $now) RETURNING id", transaction);
        create.Parameters.AddWithValue("$profile", profile);
        create.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        using var assign = Command("UPDATE faces SET person_id = $person WHERE id = $face", transaction);
        var person = assign.Parameters.Add("$person", Microsoft.Data.Sqlite.SqliteType.Integer);
        var face = assign.Parameters.Add("$face", Microsoft.Data.Sqlite.SqliteType.Integer);
        var ids = new List<long>(people.Count);
        var written = 0;
        foreach (var group in people)
        {
            var id = group.PersonId ?? (long)create.ExecuteScalar()!;
            ids.Add(id);
            person.Value = id;
            foreach (var faceId in group.FaceIds)
            {
                if (previous.Remove(faceId, out var was) && was == id)
                {
                    continue;
                }

                face.Value = faceId;
                written += assign.ExecuteNonQuery();
            }
        }

        // What is left had a person and is in no group now: it loses its person.
        person.Value = DBNull.Value;
        foreach (var faceId in previous.Keys)
        {
            face.Value = faceId;
            written += assign.ExecuteNonQuery();
        }

        // Unnamed people left without faces are forgotten; named ones stay, since the name is the user's work. The
        // people merged into a forgotten one go first, or their merged_into would break the foreign key: they hold no
        // faces (the merge moved them) and no name (the merge gave it to the unnamed target), so nothing is lost.
        foreach (var sql in new[] { $"DELETE FROM people WHERE merged_into IN ({Forgotten})", $"DELETE FROM people WHERE id IN ({Forgotten})" })
        {
            using var prune = Command(sql, transaction);
            prune.Parameters.AddWithValue("$profile", profile);
            prune.ExecuteNonQuery();
        }

        transaction.Commit();
        return new AppliedGrouping(ids, written);
    }

    /// <summary>Live people of $profile that nothing refers to any more: no name, no faces, no rejections.</summary>
    private const string Forgotten =
        "SELECT id FROM people WHERE profile = $profile AND name IS NULL AND merged_into IS NULL AND id NOT IN (SELECT person_id FROM faces WHERE person_id IS NOT NULL) AND id NOT IN (SELECT person_id FROM rejections)";

    public void NamePerson(long personId, string name)
    {
        using var transaction = _connection.BeginTransaction();
        RequireLivePerson(personId, "name", transaction);
        using var previous = Command("SELECT name FROM people WHERE id = $id", transaction);
        previous.Parameters.AddWithValue("$id", personId);
        Log(CorrectionKinds.Name, new CorrectionData { Person = personId, Name = name, PreviousName = previous.ExecuteScalar() as string }, transaction);
        using var command = Command("UPDATE people SET name = $name WHERE id = $id", transaction);
        command.Parameters.AddWithValue("$id", personId);
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public void MergePeople(long into, long from)
    {
        if (into == from)
        {
            throw new CorrectionException($"cannot merge person {into} into itself");
        }

        using var transaction = _connection.BeginTransaction();
        RequireLivePerson(into, "merge", transaction);
        RequireLivePerson(from, "merge", transaction);
        Log(CorrectionKinds.Merge, MergeData(into, from, transaction), transaction);

        foreach (var sql in new[]
                 {
                     "UPDATE faces SET person_id = $into WHERE person_id = $from",
                     "UPDATE people SET merged_into = $into WHERE id = $from",
                     "UPDATE people SET merged_into = $into WHERE merged_into = $from",
                     "UPDATE people SET name = (SELECT name FROM people WHERE id = $from) WHERE id = $into AND name IS NULL",
                     "INSERT OR IGNORE INTO rejections (face_id, person_id, created_at) SELECT face_id, $into, created_at FROM rejections WHERE person_id = $from",
                     // The merged person's denials become the kept person's; a denial between the two is overruled.
                     """
                     INSERT OR IGNORE INTO denials (person_a, person_b, created_at)
                     SELECT MIN($into, other), MAX($into, other), created_at FROM
                         (SELECT CASE WHEN person_a = $from THEN person_b ELSE person_a END AS other, created_at FROM denials WHERE $from IN (person_a, person_b))
                     WHERE other <> $into
                     """,
                     "DELETE FROM denials WHERE $from IN (person_a, person_b)",
                 })
        {
            using var command = Command(sql, transaction);
            command.Parameters.AddWithValue("$into", into);
            command.Parameters.AddWithValue("$from", from);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void DenyPair(long first, long second)
    {
        if (first == second)
        {
            throw new CorrectionException($"person {first} cannot be denied against itself");
        }

        using var transaction = _connection.BeginTransaction();
        RequireLivePerson(first, "deny", transaction);
        RequireLivePerson(second, "deny", transaction);
        using var deny = Command("INSERT OR IGNORE INTO denials (person_a, person_b, created_at) VALUES ($a, $b, $now)", transaction);
        deny.Parameters.AddWithValue("$a", Math.Min(first, second));
        deny.Parameters.AddWithValue("$b", Math.Max(first, second));
        deny.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        var inserted = deny.ExecuteNonQuery() > 0;
        Log(CorrectionKinds.Deny, new CorrectionData { Person = Math.Min(first, second), Other = Math.Max(first, second), Inserted = inserted }, transaction);
        transaction.Commit();
    }

    public IReadOnlyList<(long PersonA, long PersonB)> LoadDenials(string profile) =>
        IdPairs("SELECT d.person_a, d.person_b FROM denials d JOIN people p ON p.id = d.person_a WHERE p.profile = $profile ORDER BY 1, 2", profile);

    /// <summary>The two id columns of <paramref name="sql"/>'s rows, for one profile.</summary>
    private List<(long, long)> IdPairs(string sql, string profile)
    {
        using var command = Command(sql);
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        var result = new List<(long, long)>();
        while (reader.Read())
        {
            result.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        return result;
    }

    public long? RejectFace(long faceId)
    {
        using var transaction = _connection.BeginTransaction();
        var data = Detach([faceId], into: null, transaction);
        LogChange(CorrectionKinds.Reject, data, transaction);
        transaction.Commit();
        return data.Faces.Length == 0 ? null : data.FormerPeople[0];
    }

    public int UndoReject(long faceId)
    {
        using var command = Command("DELETE FROM rejections WHERE face_id = $face");
        command.Parameters.AddWithValue("$face", faceId);
        return command.ExecuteNonQuery();
    }

    /// <summary>What a merge of <paramref name="from"/> into <paramref name="into"/> is about to change, for its undo.</summary>
    private CorrectionData MergeData(long into, long from, Microsoft.Data.Sqlite.SqliteTransaction transaction)
    {
        (string, object?)[] both = [("$into", into), ("$from", from)];
        const string others = "SELECT CASE WHEN person_a = $from THEN person_b ELSE person_a END AS other FROM denials WHERE $from IN (person_a, person_b)";
        using var names = Command("SELECT f.name FROM people f JOIN people i ON i.id = $into WHERE f.id = $from AND i.name IS NULL", transaction);
        names.Parameters.AddWithValue("$into", into);
        names.Parameters.AddWithValue("$from", from);
        return new CorrectionData
        {
            Person = into,
            Other = from,
            Name = names.ExecuteScalar() as string,
            Faces = [.. Ids(transaction, "SELECT id FROM faces WHERE person_id = $from", both)],
            Redirected = [.. Ids(transaction, "SELECT id FROM people WHERE merged_into = $from", both)],
            RejectionsAdded = [.. Ids(transaction, "SELECT face_id FROM rejections WHERE person_id = $from AND face_id NOT IN (SELECT face_id FROM rejections WHERE person_id = $into)", both)],
            DenialsMoved = [.. Ids(transaction, others, both)],
            DenialsAdded = [.. Ids(transaction,
                $"SELECT other FROM ({others}) WHERE other <> $into AND NOT EXISTS (SELECT 1 FROM denials d WHERE d.person_a = MIN($into, other) AND d.person_b = MAX($into, other))", both)],
        };
    }

    /// <summary>
    /// Refuses a correction of a person that does not exist or was merged away: a merged person no longer shows up
    /// anywhere, so a name or merge applied to it would silently vanish. The message names the person to use instead.
    /// </summary>
    private void RequireLivePerson(long personId, string correction, Microsoft.Data.Sqlite.SqliteTransaction transaction)
    {
        using var find = Command("SELECT merged_into FROM people WHERE id = $id", transaction);
        find.Parameters.AddWithValue("$id", personId);
        switch (find.ExecuteScalar())
        {
            case null:
                throw new CorrectionException($"no person {personId}");
            case long mergedInto:
                throw new CorrectionException($"person {personId} was merged into person {mergedInto}; {correction} person {mergedInto} instead");
        }
    }

    public StoredFace? GetFace(long faceId)
    {
        using var command = Command($"SELECT {StoreRows.FaceColumns} FROM faces f JOIN photos p ON p.id = f.photo_id WHERE f.id = $id");
        command.Parameters.AddWithValue("$id", faceId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.Face(reader) : null;
    }
}
