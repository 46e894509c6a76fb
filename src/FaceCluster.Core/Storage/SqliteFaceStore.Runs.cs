using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public long BeginRun(RunRecord run)
    {
        // Callers hold the library lock, so any run still marked running died without finishing.
        using (var interrupted = Command("UPDATE runs SET status = 'interrupted', ended_at = COALESCE(ended_at, $now) WHERE status = 'running'"))
        {
            interrupted.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            interrupted.ExecuteNonQuery();
        }

        using var command = Command(
            "INSERT INTO runs (kind, started_at, status, version, profile) VALUES ($kind, $started, 'running', $version, $profile) RETURNING id");
        command.Parameters.AddWithValue("$kind", run.Kind);
        command.Parameters.AddWithValue("$started", run.StartedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$version", run.Version);
        command.Parameters.AddWithValue("$profile", run.Profile);
        return (long)command.ExecuteScalar()!;
    }

    public bool EndRun(RunRecord run)
    {
        using var command = Command(
            """
            UPDATE runs SET ended_at = $ended, status = $status, files_seen = $seen, files_new = $new, files_changed = $changed,
                files_unchanged = $unchanged, files_failed = $failed, files_missing = $missing, faces_added = $faces, stage_seconds = $stages
            WHERE id = $id
            """);
        command.Parameters.AddWithValue("$id", run.Id);
        command.Parameters.AddWithValue("$ended", (run.EndedAt ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$status", run.Status);
        command.Parameters.AddWithValue("$seen", run.FilesSeen);
        command.Parameters.AddWithValue("$new", run.FilesNew);
        command.Parameters.AddWithValue("$changed", run.FilesChanged);
        command.Parameters.AddWithValue("$unchanged", run.FilesUnchanged);
        command.Parameters.AddWithValue("$failed", run.FilesFailed);
        command.Parameters.AddWithValue("$missing", run.FilesMissing);
        command.Parameters.AddWithValue("$faces", run.FacesAdded);
        command.Parameters.AddWithValue("$stages", JsonSerializer.Serialize(run.StageSeconds, StageSecondsJson.Default.IReadOnlyDictionaryStringDouble));
        return command.ExecuteNonQuery() == 1;
    }

    public RunRecord? LastRun(string? kind = null)
    {
        using var command = Command($"SELECT {StoreRows.RunColumns} FROM runs WHERE ($kind IS NULL OR kind = $kind) ORDER BY id DESC LIMIT 1");
        command.Parameters.AddWithValue("$kind", (object?)kind ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? StoreRows.Run(reader) : null;
    }

    public LibraryStatus GetStatus()
    {
        var profiles = new List<string>();
        using (var command = Command("SELECT DISTINCT profile FROM faces ORDER BY profile"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                profiles.Add(reader.GetString(0));
            }
        }

        return new LibraryStatus(
            Scalar<int>($"SELECT COUNT(*) FROM photos WHERE status <> {(int)PhotoStatus.Missing}"),
            Scalar<int>($"SELECT COUNT(*) FROM photos WHERE status IN ({(int)PhotoStatus.Failed}, {(int)PhotoStatus.ProcessingFailed})"),
            Scalar<int>($"SELECT COUNT(*) FROM photos WHERE status = {(int)PhotoStatus.Missing}"),
            Scalar<int>("SELECT COUNT(*) FROM faces"),
            profiles,
            SchemaVersion,
            LastRun());
    }

    public string? GetSetting(string key)
    {
        using var command = Command("SELECT value FROM settings WHERE key = $key");
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    public void SetSetting(string key, string value)
    {
        using var command = Command("INSERT INTO settings (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
