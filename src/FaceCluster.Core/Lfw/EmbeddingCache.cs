using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Lfw;

/// <summary>
/// Embeddings of benchmark images keyed by file (path, size, mtime), profile and variant ("plain" or "flip"), so a
/// second LFW run takes seconds. A separate SQLite file: benchmark images are not the user's library.
/// </summary>
public sealed class EmbeddingCache : IDisposable
{
    private readonly SqliteConnection _connection;

    public EmbeddingCache(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connection = new SqliteConnection($"Data Source={Path.GetFullPath(path)};Pooling=False");
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText =
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS embeddings (
                path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL, profile TEXT NOT NULL,
                variant TEXT NOT NULL, fallback INTEGER NOT NULL, embedding BLOB NOT NULL,
                PRIMARY KEY (path, profile, variant));
            """;
        command.ExecuteNonQuery();
    }

    public (float[] Embedding, bool Fallback)? Get(string path, string profile, string variant)
    {
        var info = new FileInfo(path);
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT size, mtime_ms, fallback, embedding FROM embeddings WHERE path = $p AND profile = $profile AND variant = $v";
        command.Parameters.AddWithValue("$p", path);
        command.Parameters.AddWithValue("$profile", profile);
        command.Parameters.AddWithValue("$v", variant);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.GetInt64(0) != info.Length || reader.GetInt64(1) != MtimeMs(info))
        {
            return null;
        }

        return (MemoryMarshal.Cast<byte, float>((byte[])reader[3]).ToArray(), reader.GetInt64(2) != 0);
    }

    public void Put(IEnumerable<(string Path, float[] Embedding, bool Fallback)> entries, string profile, string variant)
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO embeddings (path, size, mtime_ms, profile, variant, fallback, embedding) VALUES ($p, $s, $m, $profile, $v, $f, $e)
            ON CONFLICT (path, profile, variant) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, fallback = excluded.fallback, embedding = excluded.embedding
            """;
        foreach (var (path, embedding, fallback) in entries)
        {
            var info = new FileInfo(path);
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$p", path);
            command.Parameters.AddWithValue("$s", info.Length);
            command.Parameters.AddWithValue("$m", MtimeMs(info));
            command.Parameters.AddWithValue("$profile", profile);
            command.Parameters.AddWithValue("$v", variant);
            command.Parameters.AddWithValue("$f", fallback ? 1 : 0);
            command.Parameters.AddWithValue("$e", MemoryMarshal.AsBytes(embedding.AsSpan()).ToArray());
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Dispose() => _connection.Dispose();

    private static long MtimeMs(FileInfo info) => info.LastWriteTimeUtc.Ticks / TimeSpan.TicksPerMillisecond;
}
