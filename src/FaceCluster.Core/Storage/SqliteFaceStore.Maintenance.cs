using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace FaceCluster.Storage;

public sealed partial class SqliteFaceStore
{
    public IReadOnlyList<string> CheckIntegrity()
    {
        var problems = new List<string>();
        try
        {
            var trees = TreeNames();
            using var command = Command("PRAGMA integrity_check");
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                // One row can hold several lines under a "*** in database main ***" heading: one finding per line.
                problems.AddRange(reader.GetString(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(line => line != "ok" && !line.StartsWith("***", StringComparison.Ordinal))
                    .Select(line => NameTree(line, trees)));
            }
        }
        catch (SqliteException ex)
        {
            // Damage bad enough to stop the check itself is still a finding, not a crash of the tool meant to find it.
            problems.Add($"the integrity check stopped: {ex.Message}");
        }

        return problems;
    }

    /// <summary>SQLite names a damaged b-tree by its root page ("Tree 5 page 5 cell 2: ..."); the user needs its name.</summary>
    [GeneratedRegex(@"^Tree (\d+) ")]
    private static partial Regex TreeLine();

    private static string NameTree(string line, Dictionary<long, string> trees) =>
        TreeLine().Match(line) is { Success: true } match && trees.TryGetValue(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), out var tree)
            ? $"{line} ({tree})"
            : line;

    private Dictionary<long, string> TreeNames()
    {
        using var command = Command("SELECT rootpage, type || ' ' || name FROM sqlite_master WHERE rootpage > 0");
        using var reader = command.ExecuteReader();
        var names = new Dictionary<long, string>();
        while (reader.Read())
        {
            names[reader.GetInt64(0)] = reader.GetString(1);
        }

        return names;
    }

    public IReadOnlyList<string> CheckReferences()
    {
        using var command = Command("PRAGMA foreign_key_check");
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add($"row {reader.GetValue(1)} of {reader.GetString(0)} points at a missing {reader.GetString(2)} row");
        }

        return problems;
    }

    public void RebuildIndexes()
    {
        try
        {
            Execute(_connection, "REINDEX");
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"REINDEX failed: {ex.Message}", ex);
        }
    }

    public int CountOrphanFaces() => Scalar<int>("SELECT COUNT(*) FROM faces WHERE photo_id NOT IN (SELECT id FROM photos)");

    public int DeleteOrphanFaces()
    {
        using var command = Command("DELETE FROM faces WHERE photo_id NOT IN (SELECT id FROM photos)");
        return command.ExecuteNonQuery();
    }

    public IReadOnlyList<RunRecord> UnfinishedRuns()
    {
        using var command = Command($"SELECT {StoreRows.RunColumns} FROM runs WHERE status = 'running' ORDER BY id");
        using var reader = command.ExecuteReader();
        var runs = new List<RunRecord>();
        while (reader.Read())
        {
            runs.Add(StoreRows.Run(reader));
        }

        return runs;
    }
}
