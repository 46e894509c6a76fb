using Npgsql;
using NpgsqlTypes;

namespace FaceCluster.Storage.Postgres;

/// <summary>
/// Corrections and their log, as in SQLite: each correction and its log entry in one transaction, so an undo can
/// revert it. Several processes may correct at once: the people and faces a correction checks are locked FOR UPDATE
/// first, and undos are serialised, so two never revert the same entry.
/// </summary>
public sealed partial class PostgresFaceStore
{
    public void NamePerson(long personId, string name) => InTransaction((connection, transaction) =>
    {
        RequireLivePerson(connection, transaction, personId, "name");
        using var rename = Command(connection, "UPDATE people p SET name = @name FROM people old WHERE old.id = p.id AND p.id = @id RETURNING old.name", transaction);
        rename.Parameters.AddWithValue("id", personId);
        rename.Parameters.AddWithValue("name", name);
        var previous = rename.ExecuteScalar() as string;
        Log(connection, transaction, CorrectionKinds.Name, new CorrectionData { Person = personId, Name = name, PreviousName = previous });
        return true;
    });

    public void MergePeople(long into, long from)
    {
        if (into == from)
        {
            throw new CorrectionException($"cannot merge person {into} into itself");
        }

        InTransaction((connection, transaction) =>
        {
            RequireLivePerson(connection, transaction, into, "merge");
            RequireLivePerson(connection, transaction, from, "merge");
            // The faces the merge moves are locked too, so none is rejected elsewhere between the record and the move.
            Exec(connection, transaction, "SELECT id FROM faces WHERE person_id = @from ORDER BY id FOR UPDATE", ("from", from));
            Log(connection, transaction, CorrectionKinds.Merge, MergeData(connection, transaction, into, from));
            Exec(connection, transaction,
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
                """, ("into", into), ("from", from));
            return true;
        });
    }

    public void DenyPair(long first, long second)
    {
        if (first == second)
        {
            throw new CorrectionException($"person {first} cannot be denied against itself");
        }

        var (a, b) = (Math.Min(first, second), Math.Max(first, second));
        InTransaction((connection, transaction) =>
        {
            RequireLivePerson(connection, transaction, a, "deny");
            RequireLivePerson(connection, transaction, b, "deny");
            var inserted = Exec(connection, transaction,
                "INSERT INTO denials (person_a, person_b, created_at) VALUES (@a, @b, @now) ON CONFLICT DO NOTHING", ("a", a), ("b", b), ("now", Now())) > 0;
            Log(connection, transaction, CorrectionKinds.Deny, new CorrectionData { Person = a, Other = b, Inserted = inserted });
            return true;
        });
    }

    public long? RejectFace(long faceId) => InTransaction((connection, transaction) =>
    {
        var data = Detach(connection, transaction, [faceId], into: null);
        LogChange(connection, transaction, CorrectionKinds.Reject, data);
        return data.Faces.Length == 0 ? null : data.FormerPeople[0];
    });

    public int RejectFaces(IReadOnlyList<long> faceIds) => InTransaction((connection, transaction) =>
    {
        var data = Detach(connection, transaction, faceIds, into: null);
        LogChange(connection, transaction, CorrectionKinds.Reject, data);
        return data.Faces.Length;
    });

    public void MoveFaces(IReadOnlyList<long> faceIds, long into) => InTransaction((connection, transaction) =>
    {
        RequireLivePerson(connection, transaction, into, "move faces to");
        LogChange(connection, transaction, CorrectionKinds.Move, Detach(connection, transaction, faceIds, into));
        return true;
    });

    public long CreatePerson(string profile, string name, IReadOnlyList<long> faceIds) => InTransaction((connection, transaction) =>
    {
        using var create = Command(connection, "INSERT INTO people (profile, name, created_at) VALUES (@profile, @name, @now) RETURNING id", transaction);
        create.Parameters.AddWithValue("profile", profile);
        create.Parameters.AddWithValue("name", name);
        create.Parameters.AddWithValue("now", Now());
        var person = (long)create.ExecuteScalar()!;
        Log(connection, transaction, CorrectionKinds.Create, Detach(connection, transaction, faceIds, person) with { Name = name });
        return person;
    });

    public void HidePerson(long personId, bool hidden) => InTransaction((connection, transaction) =>
    {
        RequireLivePerson(connection, transaction, personId, hidden ? "hide" : "show");
        Exec(connection, transaction, "UPDATE people SET hidden = @hidden WHERE id = @id", ("id", personId), ("hidden", hidden ? 1 : 0));
        Log(connection, transaction, CorrectionKinds.Hide, new CorrectionData { Person = personId, Hidden = hidden });
        return true;
    });

    public IReadOnlyList<CorrectionEntry> LoadCorrections(int limit)
    {
        using var connection = Connect();
        return ReadEntries(connection, null, limit);
    }

    public CorrectionEntry? UndoLastCorrection() => InTransaction((connection, transaction) =>
    {
        // The entry is chosen after the lock, so a second undo waiting here sees the first one's log entry.
        Exec(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", PostgresAdvisoryLock.UndoKey));
        if (ReadEntries(connection, transaction, 1) is not [var latest])
        {
            return null;
        }

        using (var find = Command(connection, "SELECT data FROM corrections WHERE id = @id", transaction))
        {
            find.Parameters.AddWithValue("id", latest.Id);
            Revert(connection, transaction, latest.Kind, CorrectionLog.Deserialize((string)find.ExecuteScalar()!));
        }

        Exec(connection, transaction, "INSERT INTO corrections (kind, data, undoes, created_at) VALUES ('undo', '{}', @undoes, @now)", ("undoes", latest.Id), ("now", Now()));
        return latest;
    });

    private static List<CorrectionEntry> ReadEntries(NpgsqlConnection connection, NpgsqlTransaction? transaction, int limit)
    {
        using var command = Command(connection,
            $"SELECT id, kind, data, created_at FROM corrections c WHERE {CorrectionLog.NotUndone} ORDER BY id DESC LIMIT @limit", transaction);
        command.Parameters.AddWithValue("limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<CorrectionEntry>();
        while (reader.Read())
        {
            entries.Add(CorrectionLog.Entry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return entries;
    }

    private static void Revert(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, CorrectionData data)
    {
        switch (kind)
        {
            case CorrectionKinds.Name:
                RequireExisting(connection, transaction, data.Person!.Value);
                Exec(connection, transaction, "UPDATE people SET name = @name WHERE id = @id", ("id", data.Person), Text("name", data.PreviousName));
                break;
            case CorrectionKinds.Hide:
                RequireExisting(connection, transaction, data.Person!.Value);
                Exec(connection, transaction, "UPDATE people SET hidden = @hidden WHERE id = @id", ("id", data.Person), ("hidden", data.Hidden ? 0 : 1));
                break;
            case CorrectionKinds.Deny when data.Inserted:
                Exec(connection, transaction, "DELETE FROM denials WHERE person_a = @a AND person_b = @b", ("a", data.Person), ("b", data.Other));
                break;
            case CorrectionKinds.Deny:
                break;
            case CorrectionKinds.Merge:
                RevertMerge(connection, transaction, data);
                break;
            case CorrectionKinds.Reject or CorrectionKinds.Move or CorrectionKinds.Create:
                RevertMoves(connection, transaction, data);
                if (kind == CorrectionKinds.Create)
                {
                    Exec(connection, transaction, "DELETE FROM people WHERE id = @id AND NOT EXISTS (SELECT 1 FROM faces WHERE person_id = @id)", ("id", data.Person));
                }

                break;
            default:
                throw new CorrectionException($"cannot undo a correction of kind '{kind}'");
        }
    }

    private static void RevertMerge(NpgsqlConnection connection, NpgsqlTransaction transaction, CorrectionData data)
    {
        var (into, from) = (data.Person!.Value, data.Other!.Value);
        RequireExisting(connection, transaction, into);
        RequireExisting(connection, transaction, from);
        Exec(connection, transaction,
            """
            UPDATE people SET merged_into = NULL WHERE id = @from;
            UPDATE people SET merged_into = @from WHERE id = ANY(@redirected);
            UPDATE faces SET person_id = @from WHERE id = ANY(@faces) AND person_id = @into;
            UPDATE people SET name = NULL WHERE id = @into AND name = @name;
            DELETE FROM rejections WHERE person_id = @into AND face_id = ANY(@rejections);
            INSERT INTO denials (person_a, person_b, created_at)
                SELECT least(@from, m.other), greatest(@from, m.other), @now FROM unnest(@moved) AS m(other)
                WHERE EXISTS (SELECT 1 FROM people WHERE id = m.other)
                ON CONFLICT DO NOTHING;
            DELETE FROM denials d USING unnest(@added) AS m(other) WHERE d.person_a = least(@into, m.other) AND d.person_b = greatest(@into, m.other);
            """,
            ("into", into), ("from", from), ("redirected", data.Redirected), ("faces", data.Faces), Text("name", data.Name), ("rejections", data.RejectionsAdded),
            ("now", Now()), ("moved", data.DenialsMoved), ("added", data.DenialsAdded));
    }

    /// <summary>Puts moved or rejected faces back where they were (unless 'group' has placed them since) and drops the rejections added.</summary>
    private static void RevertMoves(NpgsqlConnection connection, NpgsqlTransaction transaction, CorrectionData data)
    {
        // The former people are checked (alive, not merged away) before faces go back to them: locked while that holds.
        Exec(connection, transaction, "SELECT id FROM people WHERE id = ANY(@formers) ORDER BY id FOR UPDATE", ("formers", data.FormerPeople));
        Exec(connection, transaction,
            """
            DELETE FROM rejections r USING unnest(@faces, @formers) AS m(face, former)
                WHERE r.face_id = m.face AND r.person_id = m.former AND m.face = ANY(@added);
            INSERT INTO rejections (face_id, person_id, created_at)
                SELECT m.face, @current, @now FROM unnest(@removed) AS m(face)
                WHERE EXISTS (SELECT 1 FROM faces WHERE id = m.face) AND EXISTS (SELECT 1 FROM people WHERE id = @current)
                ON CONFLICT DO NOTHING;
            UPDATE faces f SET person_id = (SELECT id FROM people WHERE id = m.former AND merged_into IS NULL)
                FROM unnest(@faces, @formers) AS m(face, former)
                WHERE f.id = m.face AND f.person_id IS NOT DISTINCT FROM @current;
            """,
            ("faces", data.Faces), ("formers", data.FormerPeople), ("added", data.RejectionsAdded), ("removed", data.RejectionsRemoved),
            ("now", Now()), Id("current", data.Person));
    }

    /// <summary>
    /// Takes faces out of their people (rejected there, so 'group' does not put them back) and into
    /// <paramref name="into"/> (null: nobody); a face moved into a person it was rejected from loses that rejection.
    /// </summary>
    private static CorrectionData Detach(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> faceIds, long? into)
    {
        var wanted = faceIds.Distinct().ToArray();
        var current = new Dictionary<long, long?>(wanted.Length);
        using (var find = Command(connection, "SELECT id, person_id FROM faces WHERE id = ANY(@faces) ORDER BY id FOR UPDATE", transaction))
        {
            find.Parameters.AddWithValue("faces", wanted);
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                current[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            }
        }

        if (wanted.Where(face => !current.ContainsKey(face)).Select(face => (long?)face).FirstOrDefault() is { } missing)
        {
            throw new CorrectionException($"no face {missing}");
        }

        var faces = wanted.Where(face => current[face] != into).ToArray();
        var formers = faces.Select(face => current[face]).ToArray();
        var added = Ids(connection, transaction,
            """
            INSERT INTO rejections (face_id, person_id, created_at)
                SELECT m.face, m.former, @now FROM unnest(@faces, @formers) AS m(face, former) WHERE m.former IS NOT NULL
                ON CONFLICT DO NOTHING RETURNING face_id
            """, ("faces", faces), ("formers", formers), ("now", Now()));
        var removed = into is null
            ? []
            : Ids(connection, transaction, "DELETE FROM rejections WHERE person_id = @into AND face_id = ANY(@faces) RETURNING face_id", ("into", into), ("faces", faces));
        Exec(connection, transaction, "UPDATE faces SET person_id = @into WHERE id = ANY(@faces)", Id("into", into), ("faces", faces));
        return new CorrectionData
        {
            Person = into, Faces = faces, FormerPeople = formers, RejectionsAdded = [.. faces.Where(added.Contains)], RejectionsRemoved = [.. faces.Where(removed.Contains)],
        };
    }

    /// <summary>What a merge of <paramref name="from"/> into <paramref name="into"/> is about to change, for its undo.</summary>
    private static CorrectionData MergeData(NpgsqlConnection connection, NpgsqlTransaction transaction, long into, long from)
    {
        const string others = "SELECT CASE WHEN person_a = @from THEN person_b ELSE person_a END AS other FROM denials WHERE @from IN (person_a, person_b)";
        using var command = Command(connection,
            $"""
             SELECT (SELECT f.name FROM people f JOIN people i ON i.id = @into WHERE f.id = @from AND i.name IS NULL),
                 ARRAY(SELECT id FROM faces WHERE person_id = @from ORDER BY id),
                 ARRAY(SELECT id FROM people WHERE merged_into = @from ORDER BY id),
                 ARRAY(SELECT face_id FROM rejections WHERE person_id = @from AND face_id NOT IN (SELECT face_id FROM rejections WHERE person_id = @into) ORDER BY 1),
                 ARRAY({others}),
                 ARRAY(SELECT other FROM ({others}) o WHERE other <> @into
                     AND NOT EXISTS (SELECT 1 FROM denials d WHERE d.person_a = least(@into, other) AND d.person_b = greatest(@into, other)))
             """, transaction);
        command.Parameters.AddWithValue("into", into);
        command.Parameters.AddWithValue("from", from);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new CorrectionData
        {
            Person = into,
            Other = from,
            Name = reader.IsDBNull(0) ? null : reader.GetString(0),
            Faces = reader.GetFieldValue<long[]>(1),
            Redirected = reader.GetFieldValue<long[]>(2),
            RejectionsAdded = reader.GetFieldValue<long[]>(3),
            DenialsMoved = reader.GetFieldValue<long[]>(4),
            DenialsAdded = reader.GetFieldValue<long[]>(5),
        };
    }

    /// <summary>
    /// Refuses a correction of a person that does not exist or was merged away (the message names the person to use
    /// instead), as the SQLite store does.
    /// </summary>
    private static void RequireLivePerson(NpgsqlConnection connection, NpgsqlTransaction transaction, long personId, string correction)
    {
        // FOR UPDATE: a concurrent merge of the same person waits instead of both seeing it alive.
        using var find = Command(connection, "SELECT merged_into FROM people WHERE id = @id FOR UPDATE", transaction);
        find.Parameters.AddWithValue("id", personId);
        switch (find.ExecuteScalar())
        {
            case null:
                throw new CorrectionException($"no person {personId}");
            case long mergedInto:
                throw new CorrectionException($"person {personId} was merged into person {mergedInto}; {correction} person {mergedInto} instead");
        }
    }

    private static void RequireExisting(NpgsqlConnection connection, NpgsqlTransaction transaction, long personId)
    {
        using var find = Command(connection, "SELECT 1 FROM people WHERE id = @id FOR UPDATE", transaction);
        find.Parameters.AddWithValue("id", personId);
        if (find.ExecuteScalar() is null)
        {
            throw new CorrectionException($"cannot undo: person {personId} no longer exists ('group' forgot it)");
        }
    }

    /// <summary>Logs moves or rejections unless no face changed (an empty entry would make an undo do nothing).</summary>
    private static void LogChange(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, CorrectionData data)
    {
        if (data.Faces.Length > 0)
        {
            Log(connection, transaction, kind, data);
        }
    }

    private static void Log(NpgsqlConnection connection, NpgsqlTransaction transaction, string kind, CorrectionData data) =>
        Exec(connection, transaction, "INSERT INTO corrections (kind, data, created_at) VALUES (@kind, @data, @now)",
            ("kind", kind), ("data", CorrectionLog.Serialize(data)), ("now", Now()));

    /// <summary>Runs <paramref name="work"/> in a transaction of its own connection, committed when it returns.</summary>
    private T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>A bigint parameter that may be null (an untyped null would leave PostgreSQL guessing its type).</summary>
    private static NpgsqlParameter Id(string name, long? value) => new(name, NpgsqlDbType.Bigint) { Value = value is { } v ? v : DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = value is { } v ? v : DBNull.Value };

    private static int Exec(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
    {
        using var command = Bind(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static HashSet<long> Ids(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params object[] parameters)
    {
        using var command = Bind(connection, transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>Parameters are (name, value) pairs or ready <see cref="NpgsqlParameter"/>s (for typed nulls).</summary>
    private static NpgsqlCommand Bind(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, object[] parameters)
    {
        var command = Command(connection, sql, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter switch
            {
                NpgsqlParameter ready => ready,
                ValueTuple<string, long> p => new NpgsqlParameter(p.Item1, p.Item2),
                ValueTuple<string, long?> p => Id(p.Item1, p.Item2),
                ValueTuple<string, int> p => new NpgsqlParameter(p.Item1, p.Item2),
                ValueTuple<string, string> p => new NpgsqlParameter(p.Item1, p.Item2),
                ValueTuple<string, long[]> p => new NpgsqlParameter(p.Item1, p.Item2),
                ValueTuple<string, long?[]> p => new NpgsqlParameter(p.Item1, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = p.Item2 },
                _ => throw new ArgumentException($"unsupported parameter {parameter}", nameof(parameters)),
            });
        }

        return command;
    }
}
