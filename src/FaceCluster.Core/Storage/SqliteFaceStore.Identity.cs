using FaceCluster.Configuration;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    /// <summary>PRAGMA application_id of a FaceCluster library: 'FCLU'.</summary>
    public const int ApplicationId = 0x46434C55;

    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>
    /// Decides, before anything is written, whether the file at <paramref name="fullPath"/> may become or stay a
    /// FaceCluster library, and whether it still needs our application id. Another program's database (or any other
    /// file) is refused untouched: a wrong --db must never be switched to WAL, migrated or stamped.
    /// </summary>
    /// <returns>True when the file is new, empty or a library of an earlier FaceCluster that predates the id.</returns>
    private static bool NeedsApplicationId(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            throw new ConfigurationException($"{fullPath} is a directory, not a FaceCluster library database");
        }

        if (!File.Exists(fullPath) || new FileInfo(fullPath).Length == 0)
        {
            return true;
        }

        // The 100-byte file header holds the application id (offset 68, big-endian): read as plain bytes, so telling
        // a library apart needs no SQLite connection and cannot race a checkpoint of a running ingest.
        var header = new byte[100];
        using (var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan().StartsWith(SqliteHeader))
            {
                throw NotALibrary(fullPath, "it is not an SQLite database");
            }
        }

        var applicationId = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(68));
        if (applicationId == ApplicationId)
        {
            return false;
        }

        if (applicationId != 0)
        {
            throw NotALibrary(fullPath, $"it belongs to another program (application id 0x{applicationId:X8})");
        }

        // immutable=1 reads the main file only: no lock, no -wal or -shm is created, no hot journal is rolled back.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(fullPath).AbsoluteUri + "?mode=ro&immutable=1",
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            var version = ScalarInt(connection, "PRAGMA user_version");
            if (version == 0 && ScalarInt(connection, "SELECT COUNT(*) FROM sqlite_master") == 0)
            {
                return true;
            }

            var columns = TableColumns(connection);
            if (version < 1 || version > Migrations.Length || !columns.SetEquals(SchemaColumns(version)))
            {
                var tables = columns.Count == 0 ? "no tables" : "tables " + string.Join(", ", columns.Select(c => c.Split('.')[0]).Distinct().Take(5));
                throw NotALibrary(fullPath, $"its schema (version {version}, {tables}) is not a FaceCluster library's");
            }

            return true;
        }
        catch (SqliteException ex)
        {
            throw NotALibrary(fullPath, $"SQLite cannot read it ({ex.Message})");
        }
    }

    private static ConfigurationException NotALibrary(string fullPath, string why) =>
        new($"{fullPath} is not a FaceCluster library: {why}; it was left untouched (give another --db)");

    /// <summary>The "table.column" names the first <paramref name="version"/> migrations create.</summary>
    private static HashSet<string> SchemaColumns(int version)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var migration in Migrations.Take(version))
        {
            Execute(connection, migration);
        }

        return TableColumns(connection);
    }

    private static HashSet<string> TableColumns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.name || '.' || c.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS c
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
            """;
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private static int ScalarInt(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
