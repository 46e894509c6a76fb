using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore
{
    /// <summary>PostgreSQL checks its own pages; what a client can see is an index left invalid (a failed build).</summary>
    public IReadOnlyList<string> CheckIntegrity()
    {
        using var connection = Connect();
        using var command = Command(connection,
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND NOT (i.indisvalid AND i.indisready)");
        command.Parameters.AddWithValue("schema", SchemaName);
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add($"index {reader.GetString(0)} is invalid");
        }

        return problems;
    }

    /// <summary>The server enforces every foreign key, so these only find rows written with its triggers switched off.</summary>
    public IReadOnlyList<string> CheckReferences()
    {
        (string Table, string Column, string Parent)[] references =
        [
            ("faces", "photo_id", "photos"), ("faces", "person_id", "people"), ("people", "merged_into", "people"),
            ("rejections", "face_id", "faces"), ("rejections", "person_id", "people"),
            ("denials", "person_a", "people"), ("denials", "person_b", "people"),
        ];
        var problems = new List<string>();
        foreach (var (table, column, parent) in references)
        {
            var broken = Scalar<long>($"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} x WHERE x.id = t.{column})");
            if (broken > 0)
            {
                problems.Add($"{broken} row(s) of {table} point at a missing {parent} row ({column})");
            }
        }

        return problems;
    }

    public void RebuildIndexes()
    {
        try
        {
            Execute($"REINDEX SCHEMA {SchemaName}");
        }
        catch (NpgsqlException ex)
        {
            throw new StoreException($"REINDEX failed: {ex.Message}", ex);
        }
    }

    public int CountOrphanFaces() => Scalar<int>("SELECT count(*) FROM faces f WHERE NOT EXISTS (SELECT 1 FROM photos p WHERE p.id = f.photo_id)");

    public int DeleteOrphanFaces() => Execute("DELETE FROM faces f WHERE NOT EXISTS (SELECT 1 FROM photos p WHERE p.id = f.photo_id)");
}
