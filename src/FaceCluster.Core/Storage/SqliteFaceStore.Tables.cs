using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore : ILibraryTables
{
    public IEnumerable<object?[]> ReadRows(string table, IReadOnlyList<string> columns)
    {
        using var command = Command($"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY 1, 2");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return StoreRows.Values(reader, columns.Count);
        }
    }

    /// <summary>AUTOINCREMENT tables remember their highest id in sqlite_sequence; the others hand out max(id) + 1.</summary>
    public long IdHighWater(string table)
    {
        using var command = Command($"SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $table), 0), COALESCE((SELECT max(id) FROM {table}), 0))");
        command.Parameters.AddWithValue("$table", table);
        return (long)command.ExecuteScalar()!;
    }

    public bool IsEmpty() => Scalar<long>(StoreRows.LibraryRowCount) == 0;

    public void Import(IReadOnlyList<TableRows> tables)
    {
        using var transaction = _connection.BeginTransaction();
        Execute(_connection, "PRAGMA defer_foreign_keys = ON", transaction);
        foreach (var table in tables)
        {
            using var insert = Command(
                $"INSERT INTO {table.Table} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select(c => "$" + c))})", transaction);
            var parameters = table.Columns.Select(c => insert.Parameters.Add(new SqliteParameter { ParameterName = "$" + c })).ToArray();
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < parameters.Length; i++)
                {
                    parameters[i].Value = row[i] ?? DBNull.Value;
                }

                insert.ExecuteNonQuery();
            }

            if (table.IdHighWater > 0)
            {
                // Only AUTOINCREMENT tables (faces) keep a high-water mark; the others hand out max(id) + 1 anyway.
                using var sequence = Command(
                    """
                    DELETE FROM sqlite_sequence WHERE name = $table;
                    INSERT INTO sqlite_sequence (name, seq) SELECT $table, $high WHERE EXISTS (SELECT 1 FROM sqlite_master WHERE name = $table AND sql LIKE '%AUTOINCREMENT%');
                    """, transaction);
                sequence.Parameters.AddWithValue("$high", table.IdHighWater);
                sequence.Parameters.AddWithValue("$table", table.Table);
                sequence.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }
}
