using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore
{
    /// <summary>
    /// The connection of each run this process has begun: it holds the run's advisory lock (<see cref="RunLockClass"/>,
    /// run id) until the run ends or the process dies, which is how another worker tells a live run from a dead one.
    /// </summary>
    private readonly Dictionary<long, NpgsqlConnection> _runSessions = [];

    /// <summary>The first key of the two-key advisory locks that mark live runs ('FCRN').</summary>
    internal const int RunLockClass = 0x4643524E;

    public long BeginRun(RunRecord run)
    {
        // Several ingest workers run at once here, so "running" alone proves nothing: a run is dead when no session
        // holds its advisory lock any more (the server drops it with the connection, however the process ended).
        Execute(
            $"""
            UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, @now)
            WHERE status = 'running' AND id NOT IN ({LiveRuns})
            """, ("now", Now()));

        var session = Connect();
        try
        {
            using var transaction = session.BeginTransaction();
            using var insert = Command(session,
                "INSERT INTO runs (kind, started_at, status, version, profile) VALUES (@kind, @started, 'running', @version, @profile) RETURNING id", transaction);
            insert.Parameters.AddWithValue("kind", run.Kind);
            insert.Parameters.AddWithValue("started", run.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("version", run.Version);
            insert.Parameters.AddWithValue("profile", run.Profile);
            var id = (long)insert.ExecuteScalar()!;
            // Taken before the row is visible to anyone, so no other worker can see the new run without its lock.
            using var hold = Command(session, "SELECT pg_advisory_lock(@class, @id)", transaction);
            hold.Parameters.AddWithValue("class", RunLockClass);
            hold.Parameters.AddWithValue("id", checked((int)id));
            hold.ExecuteNonQuery();
            transaction.Commit();
            lock (_runSessions)
            {
                _runSessions[id] = session;
            }

            return id;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Ids of runs whose advisory lock some session holds.</summary>
    private static string LiveRuns =>
        $"SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid = {RunLockClass} AND objsubid = 2 AND granted";

    public bool EndRun(RunRecord run)
    {
        var changed = Execute(
            """
            UPDATE runs SET ended_at = @ended, status = @status, files_seen = @seen, files_new = @new, files_changed = @changed,
                files_unchanged = @unchanged, files_failed = @failed, files_missing = @missing, faces_added = @faces, stage_seconds = @stages
            WHERE id = @id
            """,
            ("id", run.Id), ("ended", (run.EndedAt ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture)), ("status", run.Status),
            ("seen", run.FilesSeen), ("new", run.FilesNew), ("changed", run.FilesChanged), ("unchanged", run.FilesUnchanged),
            ("failed", run.FilesFailed), ("missing", run.FilesMissing), ("faces", run.FacesAdded), ("stages", JsonSerializer.Serialize(run.StageSeconds, StageSecondsJson.Default.IReadOnlyDictionaryStringDouble))) == 1;
        CloseRunSession(run.Id);
        return changed;
    }

    private void CloseRunSession(long runId)
    {
        NpgsqlConnection? session;
        lock (_runSessions)
        {
            _runSessions.Remove(runId, out session);
        }

        session?.Dispose();
    }

    public RunRecord? LastRun(string? kind = null) =>
        Runs($"SELECT {StoreRows.RunColumns} FROM runs WHERE (@kind::text IS NULL OR kind = @kind) ORDER BY id DESC LIMIT 1", kind).FirstOrDefault();

    public IReadOnlyList<RunRecord> UnfinishedRuns() =>
        Runs($"SELECT {StoreRows.RunColumns} FROM runs WHERE status = 'running' AND id NOT IN ({LiveRuns}) ORDER BY id", null);

    private List<RunRecord> Runs(string sql, string? kind)
    {
        using var connection = Connect();
        using var command = Command(connection, sql);
        command.Parameters.AddWithValue("kind", NpgsqlTypes.NpgsqlDbType.Text, (object?)kind ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(StoreRows.Run(reader));
        }

        return runs;
    }

    public LibraryStatus GetStatus()
    {
        var profiles = new List<string>();
        using (var connection = Connect())
        using (var command = Command(connection, "SELECT DISTINCT profile FROM faces ORDER BY profile"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                profiles.Add(reader.GetString(0));
            }
        }

        return new LibraryStatus(
            Scalar<int>($"SELECT count(*) FROM photos WHERE status <> {(int)PhotoStatus.Missing}"),
            Scalar<int>($"SELECT count(*) FROM photos WHERE status IN ({(int)PhotoStatus.Failed}, {(int)PhotoStatus.ProcessingFailed})"),
            Scalar<int>($"SELECT count(*) FROM photos WHERE status = {(int)PhotoStatus.Missing}"),
            Scalar<int>("SELECT count(*) FROM faces"),
            profiles,
            SchemaVersion,
            LastRun());
    }

    public string? GetSetting(string key) => Scalar<string?>("SELECT value FROM settings WHERE key = @key", ("key", key));

    public void SetSetting(string key, string value) =>
        Execute("INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ("key", key), ("value", value));
}
