using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore : ILibraryTables
{
    public IEnumerable<object?[]> ReadRows(string table, IReadOnlyList<string> columns)
    {
        using var connection = Connect();
        using var command = Command(connection, $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY 1, 2");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return StoreRows.Values(reader, columns.Count);
        }
    }

    /// <summary>The identity sequence's last value (ids handed out and then deleted included), or max(id) if higher.</summary>
    public long IdHighWater(string table) => Scalar<long>(
        $"SELECT greatest(COALESCE((SELECT last_value FROM pg_sequences WHERE schemaname = @schema AND sequencename = @sequence), 0), COALESCE((SELECT max(id) FROM {table}), 0))",
        ("schema", SchemaName), ("sequence", table + "_id_seq"));

    public bool IsEmpty() => Scalar<long>(StoreRows.LibraryRowCount) == 0;

    public void Import(IReadOnlyList<TableRows> tables)
    {
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        using (var defer = Command(connection, "SET CONSTRAINTS ALL DEFERRED", transaction))
        {
            defer.ExecuteNonQuery();
        }

        foreach (var table in tables)
        {
            // Binary COPY, typed from the table itself: values read from SQLite (64-bit integers, doubles) are
            // converted to the column's type, which is exact for what FaceCluster ever stored in them.
            var types = ColumnTypes(connection, transaction, table.Table, table.Columns);
            using (var copy = connection.BeginBinaryImport($"COPY {table.Table} ({string.Join(", ", table.Columns)}) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var row in table.Rows)
                {
                    copy.StartRow();
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null)
                        {
                            copy.WriteNull();
                        }
                        else
                        {
                            copy.Write(Convert.ChangeType(row[i], types[i], System.Globalization.CultureInfo.InvariantCulture)!, DataTypeNames[types[i]]);
                        }
                    }
                }

                copy.Complete();
            }

            if (table.IdHighWater > 0)
            {
                using var sequence = Command(connection, "SELECT setval(pg_get_serial_sequence(@table, 'id'), @high)", transaction);
                sequence.Parameters.AddWithValue("table", $"{SchemaName}.{table.Table}");
                sequence.Parameters.AddWithValue("high", table.IdHighWater);
                sequence.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static readonly Dictionary<Type, string> DataTypeNames = new()
    {
        [typeof(long)] = "bigint", [typeof(int)] = "integer", [typeof(float)] = "real", [typeof(string)] = "text", [typeof(byte[])] = "bytea",
    };

    private static Type[] ColumnTypes(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IReadOnlyList<string> columns)
    {
        using var command = Command(connection, $"SELECT {string.Join(", ", columns)} FROM {table} LIMIT 0", transaction);
        using var reader = command.ExecuteReader();
        var types = new Type[columns.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = reader.GetFieldType(i);
        }

        return types;
    }
}
