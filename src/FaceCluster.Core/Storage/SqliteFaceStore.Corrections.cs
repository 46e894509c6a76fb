using System.Globalization;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

/// <summary>The corrections log: every correction is written with what it changed, so the latest can be reverted.</summary>
public sealed partial class SqliteFaceStore
{
    public IReadOnlyList<CorrectionEntry> LoadCorrections(int limit)
    {
        using var command = Command($"SELECT id, kind, data, created_at FROM corrections c WHERE {CorrectionLog.NotUndone} ORDER BY id DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var entries = new List<CorrectionEntry>();
        while (reader.Read())
        {
            entries.Add(CorrectionLog.Entry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return entries;
    }

    public CorrectionEntry? UndoLastCorrection()
    {
        using var transaction = _connection.BeginTransaction();
        using var find = Command($"SELECT id, kind, data, created_at FROM corrections c WHERE {CorrectionLog.NotUndone} ORDER BY id DESC LIMIT 1", transaction);
        long id;
        string kind, json, createdAt;
        using (var reader = find.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (id, kind, json, createdAt) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
        }

        var data = CorrectionLog.Deserialize(json);
        Revert(kind, data, transaction);
        using var log = Command("INSERT INTO corrections (kind, data, undoes, created_at) VALUES ('undo', '{}', $undoes, $now)", transaction);
        log.Parameters.AddWithValue("$undoes", id);
        log.Parameters.AddWithValue("$now", Now());
        log.ExecuteNonQuery();
        transaction.Commit();
        return CorrectionLog.Entry(id, kind, json, createdAt);
    }

    private void Revert(string kind, CorrectionData data, SqliteTransaction transaction)
    {
        switch (kind)
        {
            case CorrectionKinds.Name:
                RequireExisting(data.Person!.Value, transaction);
                Exec(transaction, "UPDATE people SET name = $name WHERE id = $id", ("$id", data.Person), ("$name", data.PreviousName));
                break;
            case CorrectionKinds.Hide:
                RequireExisting(data.Person!.Value, transaction);
                Exec(transaction, "UPDATE people SET hidden = $hidden WHERE id = $id", ("$id", data.Person), ("$hidden", data.Hidden ? 0 : 1));
                break;
            case CorrectionKinds.Deny when data.Inserted:
                Exec(transaction, "DELETE FROM denials WHERE person_a = $a AND person_b = $b", ("$a", data.Person), ("$b", data.Other));
                break;
            case CorrectionKinds.Deny:
                break;
            case CorrectionKinds.Merge:
                RevertMerge(data, transaction);
                break;
            case CorrectionKinds.Reject or CorrectionKinds.Move or CorrectionKinds.Create:
                RevertMoves(data, transaction);
                if (kind == CorrectionKinds.Create)
                {
                    Exec(transaction, "DELETE FROM people WHERE id = $id AND NOT EXISTS (SELECT 1 FROM faces WHERE person_id = $id)", ("$id", data.Person));
                }

                break;
            default:
                throw new CorrectionException($"cannot undo a correction of kind '{kind}'");
        }
    }

    private void RevertMerge(CorrectionData data, SqliteTransaction transaction)
    {
        var (into, from) = (data.Person!.Value, data.Other!.Value);
        RequireExisting(into, transaction);
        RequireExisting(from, transaction);
        Exec(transaction, "UPDATE people SET merged_into = NULL WHERE id = $from", ("$from", from));
        foreach (var person in data.Redirected)
        {
            Exec(transaction, "UPDATE people SET merged_into = $from WHERE id = $id", ("$from", from), ("$id", person));
        }

        foreach (var face in data.Faces)
        {
            Exec(transaction, "UPDATE faces SET person_id = $from WHERE id = $face AND person_id = $into", ("$from", from), ("$face", face), ("$into", into));
        }

        if (data.Name is not null)
        {
            Exec(transaction, "UPDATE people SET name = NULL WHERE id = $into AND name = $name", ("$into", into), ("$name", data.Name));
        }

        foreach (var face in data.RejectionsAdded)
        {
            Exec(transaction, "DELETE FROM rejections WHERE face_id = $face AND person_id = $into", ("$face", face), ("$into", into));
        }

        foreach (var other in data.DenialsMoved)
        {
            Exec(transaction,
                "INSERT OR IGNORE INTO denials (person_a, person_b, created_at) SELECT MIN($p, $o), MAX($p, $o), $now WHERE EXISTS (SELECT 1 FROM people WHERE id = $o)",
                ("$p", from), ("$o", other), ("$now", Now()));
        }

        foreach (var other in data.DenialsAdded)
        {
            Exec(transaction, "DELETE FROM denials WHERE person_a = MIN($p, $o) AND person_b = MAX($p, $o)", ("$p", into), ("$o", other));
        }
    }

    /// <summary>Puts moved or rejected faces back where they were (unless 'group' has placed them since) and drops the rejections added.</summary>
    private void RevertMoves(CorrectionData data, SqliteTransaction transaction)
    {
        for (var i = 0; i < data.Faces.Length; i++)
        {
            var (face, former) = (data.Faces[i], data.FormerPeople[i]);
            Exec(transaction, "DELETE FROM rejections WHERE face_id = $face AND person_id = $former AND $added", ("$face", face), ("$former", former),
                ("$added", data.RejectionsAdded.Contains(face) ? 1 : 0));
            Exec(transaction, "INSERT OR IGNORE INTO rejections (face_id, person_id, created_at) SELECT $face, $into, $now WHERE $removed AND EXISTS (SELECT 1 FROM faces WHERE id = $face) AND EXISTS (SELECT 1 FROM people WHERE id = $into)",
                ("$face", face), ("$into", data.Person), ("$now", Now()), ("$removed", data.RejectionsRemoved.Contains(face) ? 1 : 0));
            Exec(transaction,
                "UPDATE faces SET person_id = (SELECT id FROM people WHERE id = $former AND merged_into IS NULL) WHERE id = $face AND person_id IS $current",
                ("$face", face), ("$former", former), ("$current", data.Person));
        }
    }

    public int RejectFaces(IReadOnlyList<long> faceIds)
    {
        using var transaction = _connection.BeginTransaction();
        var data = Detach(faceIds, into: null, transaction);
        LogChange(CorrectionKinds.Reject, data, transaction);
        transaction.Commit();
        return data.Faces.Length;
    }

    public void MoveFaces(IReadOnlyList<long> faceIds, long into)
    {
        using var transaction = _connection.BeginTransaction();
        RequireLivePerson(into, "move faces to", transaction);
        LogChange(CorrectionKinds.Move, Detach(faceIds, into, transaction), transaction);
        transaction.Commit();
    }

    public long CreatePerson(string profile, string name, IReadOnlyList<long> faceIds)
    {
        using var transaction = _connection.BeginTransaction();
        using var create = Command("INSERT INTO people (profile, name, created_at) VALUES ($profile, $name, $now) RETURNING id", transaction);
        create.Parameters.AddWithValue("$profile", profile);
        create.Parameters.AddWithValue("$name", name);
        create.Parameters.AddWithValue("$now", Now());
        var person = (long)create.ExecuteScalar()!;
        Log(CorrectionKinds.Create, Detach(faceIds, person, transaction) with { Name = name }, transaction);
        transaction.Commit();
        return person;
    }

    public void HidePerson(long personId, bool hidden)
    {
        using var transaction = _connection.BeginTransaction();
        RequireLivePerson(personId, hidden ? "hide" : "show", transaction);
        Exec(transaction, "UPDATE people SET hidden = $hidden WHERE id = $id", ("$id", personId), ("$hidden", hidden ? 1 : 0));
        Log(CorrectionKinds.Hide, new CorrectionData { Person = personId, Hidden = hidden }, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Takes faces out of their people (rejected there, so 'group' does not put them back) and into
    /// <paramref name="into"/> (null: nobody); a face moved into a person it was rejected from loses that rejection.
    /// </summary>
    private CorrectionData Detach(IReadOnlyList<long> faceIds, long? into, SqliteTransaction transaction)
    {
        var (faces, formers, added, removed) = (new List<long>(), new List<long?>(), new List<long>(), new List<long>());
        foreach (var face in faceIds.Distinct())
        {
            using var find = Command("SELECT person_id FROM faces WHERE id = $face", transaction);
            find.Parameters.AddWithValue("$face", face);
            var former = find.ExecuteScalar() switch
            {
                null => throw new CorrectionException($"no face {face}"),
                long person => person,
                _ => (long?)null,
            };
            if (former == into || (former is null && into is null))
            {
                continue;
            }

            faces.Add(face);
            formers.Add(former);
            if (former is not null && Exec(transaction, "INSERT OR IGNORE INTO rejections (face_id, person_id, created_at) VALUES ($face, $person, $now)",
                    ("$face", face), ("$person", former), ("$now", Now())) > 0)
            {
                added.Add(face);
            }

            if (into is not null && Exec(transaction, "DELETE FROM rejections WHERE face_id = $face AND person_id = $into", ("$face", face), ("$into", into)) > 0)
            {
                removed.Add(face);
            }

            Exec(transaction, "UPDATE faces SET person_id = $into WHERE id = $face", ("$face", face), ("$into", into));
        }

        return new CorrectionData
        {
            Person = into, Faces = [.. faces], FormerPeople = [.. formers], RejectionsAdded = [.. added], RejectionsRemoved = [.. removed],
        };
    }

    /// <summary>Logs moves or rejections unless no face changed (an empty entry would make an undo do nothing).</summary>
    private void LogChange(string kind, CorrectionData data, SqliteTransaction transaction)
    {
        if (data.Faces.Length > 0)
        {
            Log(kind, data, transaction);
        }
    }

    private void Log(string kind, CorrectionData data, SqliteTransaction transaction) =>
        Exec(transaction, "INSERT INTO corrections (kind, data, created_at) VALUES ($kind, $data, $now)",
            ("$kind", kind), ("$data", CorrectionLog.Serialize(data)), ("$now", Now()));

    private void RequireExisting(long personId, SqliteTransaction transaction)
    {
        using var find = Command("SELECT 1 FROM people WHERE id = $id", transaction);
        find.Parameters.AddWithValue("$id", personId);
        if (find.ExecuteScalar() is null)
        {
            throw new CorrectionException($"cannot undo: person {personId} no longer exists ('group' forgot it)");
        }
    }

    private int Exec(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private List<long> Ids(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
