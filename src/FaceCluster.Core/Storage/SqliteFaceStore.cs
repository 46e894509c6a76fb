using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

/// <summary>
/// The SQLite library (Microsoft.Data.Sqlite, WAL journal). One instance owns one connection and is used from one
/// thread at a time; the pipeline funnels all writes through its store stage.
/// </summary>
public sealed partial class SqliteFaceStore : IFaceStore
{
    private readonly SqliteConnection _connection;

    private SqliteFaceStore(string path, SqliteConnection connection)
    {
        DatabasePath = path;
        _connection = connection;
    }

    public string DatabasePath { get; }

    /// <summary>
    /// Opens (or creates) a library. A file that is not a FaceCluster library is refused with a
    /// <see cref="Configuration.ConfigurationException"/> before anything is written to it.
    /// </summary>
    public static SqliteFaceStore Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var stamp = NeedsApplicationId(fullPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            if (stamp)
            {
                // First, so even a crash before WAL is switched on leaves a file that is recognisably ours.
                Execute(connection, $"PRAGMA application_id = {ApplicationId}");
            }

            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
            var store = new SqliteFaceStore(fullPath, connection);
            store.Migrate();
            return store;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StoreException($"Cannot open the library database {fullPath}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Moves the WAL into the main file, so the .db file alone is a complete copy (backups, tests).</summary>
    public void Checkpoint() => Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");

    internal SqliteConnection Connection => _connection;

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private T Scalar<T>(string sql)
    {
        using var command = Command(sql);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T));
    }
}
