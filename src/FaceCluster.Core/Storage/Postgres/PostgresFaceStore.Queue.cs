using Npgsql;

namespace FaceCluster.Storage.Postgres;

public sealed partial class PostgresFaceStore : IPhotoQueue
{
    public DateTimeOffset ServerNow() => Scalar<DateTime>("SELECT now()");

    public void Enqueue(IReadOnlyList<QueuedPhoto> photos, DateTimeOffset since)
    {
        if (photos.Count == 0)
        {
            return;
        }

        // The WHERE of DO UPDATE reads only the row itself, which PostgreSQL re-checks on the newest version after
        // waiting for a worker that is finishing it: a photo another worker stored a moment ago is never queued twice.
        Execute(
            """
            INSERT INTO ingest_queue AS q (path, size, mtime_ms, problem)
            SELECT * FROM unnest(@paths, @sizes, @mtimes, @problems)
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, problem = excluded.problem,
                claimed_by = NULL, lease_until = NULL, done_at = NULL
            WHERE q.done_at < @since OR (q.done_at IS NOT NULL AND (q.size, q.mtime_ms) <> (excluded.size, excluded.mtime_ms))
            """,
            ("paths", photos.Select(p => p.Path).ToArray()), ("sizes", photos.Select(p => p.Size).ToArray()),
            ("mtimes", photos.Select(p => p.MtimeMs).ToArray()), ("problems", photos.Select(p => p.Problem).ToArray()), ("since", since));
    }

    public IReadOnlyList<QueuedPhoto> Claim(string worker, int count, TimeSpan lease)
    {
        using var connection = Connect();
        using var command = Command(connection,
            """
            WITH picked AS (
                SELECT path FROM ingest_queue WHERE done_at IS NULL AND (lease_until IS NULL OR lease_until < now())
                ORDER BY path LIMIT @count FOR UPDATE SKIP LOCKED)
            UPDATE ingest_queue q SET claimed_by = @worker, lease_until = now() + @lease FROM picked WHERE q.path = picked.path
            RETURNING q.path, q.size, q.mtime_ms, q.problem
            """);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("lease", lease);
        command.Parameters.AddWithValue("count", count);
        using var reader = command.ExecuteReader();
        var claimed = new List<QueuedPhoto>();
        while (reader.Read())
        {
            claimed.Add(new QueuedPhoto(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return claimed;
    }

    public void Renew(string worker, TimeSpan lease)
    {
        try
        {
            Execute("UPDATE ingest_queue SET lease_until = now() + @lease WHERE claimed_by = @worker AND done_at IS NULL", ("worker", worker), ("lease", lease));
        }
        catch (NpgsqlException ex)
        {
            throw new StoreException($"cannot renew the claims of {worker}: {ex.Message}", ex);
        }
    }

    public int UnfinishedByOthers(string worker) =>
        Scalar<int>("SELECT count(*) FROM ingest_queue WHERE done_at IS NULL AND claimed_by IS DISTINCT FROM @worker", ("worker", worker));

    public void Release(string worker) =>
        Execute("UPDATE ingest_queue SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = @worker AND done_at IS NULL", ("worker", worker));
}
