using System.Globalization;
using Npgsql;

namespace FaceCluster.Storage.Postgres;

/// <summary>
/// The library lock of a PostgreSQL library: a session-level advisory lock held by a connection of its own for the
/// whole run. Exclusive for <c>group</c> and the corrections, shared for ingest workers (any number of them at once,
/// but never beside a group). The server drops it when the connection ends, however the process died.
/// </summary>
public sealed class PostgresAdvisoryLock : ILibraryLock
{
    /// <summary>The library lock's key: 'FCLU', as SQLite's application id.</summary>
    internal const long LibraryKey = 0x46434C55;

    /// <summary>Serialises schema migrations of workers that start together ('FCMG').</summary>
    internal const long MigrationKey = 0x46434D47;

    /// <summary>Serialises undos, so two at once never revert the same correction ('FCUN').</summary>
    internal const long UndoKey = 0x4643554E;

    private readonly NpgsqlConnection _connection;

    private PostgresAdvisoryLock(NpgsqlConnection connection) => _connection = connection;

    /// <summary>A server lock is never left behind by a dead process, so there is nothing to take over.</summary>
    public string? TakenOverFrom => null;

    public static PostgresAdvisoryLock Acquire(string connectionString, string purpose, bool shared)
    {
        var owner = string.Create(CultureInfo.InvariantCulture, $"facecluster {purpose} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:u}");
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = owner, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var take = new NpgsqlCommand(shared ? "SELECT pg_try_advisory_lock_shared(@key)" : "SELECT pg_try_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", LibraryKey);
            if (!(bool)take.ExecuteScalar()!)
            {
                throw new LibraryLockedException(
                    $"another FaceCluster run holds {PostgresLocation.Describe(connectionString)} ({Holders(connection)}); try again when it has finished");
            }

            return new PostgresAdvisoryLock(connection);
        }
        catch (NpgsqlException ex)
        {
            connection.Dispose();
            throw new StoreException($"Cannot reach the PostgreSQL library {PostgresLocation.Describe(connectionString)}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The application names of the sessions holding the library lock (each names its command and pid).</summary>
    private static string Holders(NpgsqlConnection connection)
    {
        using var find = new NpgsqlCommand(
            "SELECT string_agg(a.application_name, '; ') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid::bigint = @key AND l.objsubid = 1 AND l.granted",
            connection);
        find.Parameters.AddWithValue("key", LibraryKey);
        return find.ExecuteScalar() as string ?? "owner unknown";
    }

    public void Dispose() => _connection.Dispose();
}
