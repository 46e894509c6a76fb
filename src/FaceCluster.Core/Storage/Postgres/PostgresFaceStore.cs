using Npgsql;

namespace FaceCluster.Storage.Postgres;

/// <summary>
/// The PostgreSQL library: the same tables as the SQLite one, in the schema <c>facecluster</c> of the given database
/// (so a shared database can hold other programs' tables). Every call takes a pooled connection of its own, so several
/// threads and several processes (ingest workers on other machines) can use one library at once.
/// </summary>
public sealed partial class PostgresFaceStore : IFaceStore
{
    /// <summary>The schema every FaceCluster table lives in.</summary>
    public const string SchemaName = "facecluster";

    private readonly NpgsqlDataSource _source;

    private PostgresFaceStore(NpgsqlDataSource source) => _source = source;

    /// <summary>
    /// Opens a library, creating or migrating its schema when <paramref name="mayCreate"/>; a database without one is
    /// refused otherwise (a reading command never creates a library).
    /// </summary>
    public static PostgresFaceStore Open(string connectionString, bool mayCreate)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = SchemaName };
        var source = NpgsqlDataSource.Create(builder);
        try
        {
            var store = new PostgresFaceStore(source);
            store.Migrate(mayCreate);
            return store;
        }
        catch (NpgsqlException ex)
        {
            source.Dispose();
            throw new StoreException($"Cannot open the PostgreSQL library {PostgresLocation.Describe(connectionString)}: {ex.Message}", ex);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_runSessions)
        {
            foreach (var session in _runSessions.Values)
            {
                session.Dispose();
            }

            _runSessions.Clear();
        }

        _source.Dispose();
    }

    internal NpgsqlConnection Connect() => _source.OpenConnection();

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    private T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var result = command.ExecuteScalar();
        return result is null or DBNull ? default! : (T)Convert.ChangeType(result, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Connect();
        using var command = Command(connection, sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
