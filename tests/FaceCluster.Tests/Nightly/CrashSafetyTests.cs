using System.Diagnostics;
using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Nightly;

/// <summary>
/// kill -9 at random moments of ingest and group, re-run each time, and compare with a clean uninterrupted run:
/// nothing lost, nothing duplicated, people and the HNSW index consistent with the database.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class CrashSafetyTests(InstalledModels installed, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void KilledAtRandomMoments_NextRunsFinish_WithNothingLostOrDuplicated()
    {
        var pool = PhotoPool();
        var library = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(library);
        File.Copy(Path.Combine(TestPaths.SamplePhotos, "sample4.jpg"), Path.Combine(library, "group-photo.jpg"));
        var config = _temp.File("config.json");
        // A forced HNSW index (no exact-search shortcut) and a single build thread, so index handling is exercised and repeatable.
        File.WriteAllText(config, $$"""
            { "ModelsDirectory": "{{installed.Directory}}",
              "Grouping": { "ExactSearchLimit": 0, "Hnsw": { "Threads": 1 } },
              "Ingest": { "StoreBatch": 2 } }
            """);
        var db = _temp.File("killed.db");
        var random = new Random(20261128);
        // How long the last uninterrupted run of each command took: kills are drawn within it, so that they land mid-run
        // whether the program is the JIT build or the (faster to start) published one.
        var lastRun = new Dictionary<string, TimeSpan> { ["ingest"] = TimeSpan.FromMilliseconds(1800), ["group"] = TimeSpan.FromMilliseconds(1000) };
        var kills = 0;
        for (var round = 0; kills < 12 && round < 40; round++)
        {
            var command = round % 3 == 2 ? "group" : "ingest";
            if (command == "ingest")
            {
                // New photos every night, so every ingest has work to be killed in the middle of.
                foreach (var photo in pool.Skip(round * 4).Take(6))
                {
                    var target = Path.Combine(library, Path.GetFileName(Path.GetDirectoryName(photo))!, Path.GetFileName(photo));
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (!File.Exists(target))
                    {
                        File.CreateSymbolicLink(target, photo);
                    }
                }
            }

            string[] args = command == "ingest" ? ["ingest", library, "--db", db, "--config", config] : ["group", "--db", db, "--config", config];
            var started = Stopwatch.StartNew();
            using var process = ChildCli.Start(args);
            var delay = lastRun[command] * (0.15 + (0.8 * random.NextDouble()));
            if (!process.WaitForExit(delay))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                kills++;
                output.WriteLine($"round {round}: killed {command} after {delay.TotalMilliseconds:0} ms");
            }
            else
            {
                lastRun[command] = started.Elapsed;
                output.WriteLine($"round {round}: {command} finished with {process.ExitCode} within {delay.TotalMilliseconds:0} ms");
                Assert.True(process.ExitCode == ExitCodes.Success, LastErrors());
            }
        }

        Assert.True(kills >= 10, $"only {kills} kills landed");
        lock (ChildCli.Errors)
        {
            Assert.Contains(ChildCli.Errors, e => e.Contains("took over the lock of a run that did not finish", StringComparison.Ordinal));
        }

        Assert.True(ChildCli.Run("ingest", library, "--db", db, "--config", config) == ExitCodes.Success, LastErrors());
        Assert.True(ChildCli.Run("group", "--db", db, "--config", config) == ExitCodes.Success, LastErrors());

        var clean = _temp.File("clean.db");
        Assert.True(ChildCli.Run("ingest", library, "--db", clean, "--config", config) == ExitCodes.Success, LastErrors());
        Assert.True(ChildCli.Run("group", "--db", clean, "--config", config) == ExitCodes.Success, LastErrors());

        var killed = Snapshot.Of(db);
        var reference = Snapshot.Of(clean);
        Assert.Equal(reference.Photos, killed.Photos);
        Assert.Equal(reference.FaceKeys, killed.FaceKeys);
        Assert.Equal(killed.FaceKeys.Count, killed.FaceKeys.Distinct().Count());
        foreach (var (key, embedding) in reference.Embeddings)
        {
            var other = killed.Embeddings[key];
            Assert.True(embedding.Zip(other).All(p => Math.Abs(p.First - p.Second) < 1e-4), $"embedding of {key} differs");
        }

        Assert.Equal(reference.People, killed.People);
        Assert.True(ChildCli.Run("doctor", "--db", db, "--config", config) == ExitCodes.Success, LastErrors());
        output.WriteLine($"{kills} kills; {killed.Photos.Count} photos, {killed.FaceKeys.Count} faces, {killed.People.Count} people identical to the clean run");
    }

    private static string LastErrors()
    {
        lock (ChildCli.Errors)
        {
            return string.Join("\n", ChildCli.Errors.TakeLast(10));
        }
    }

    /// <summary>Four photos each of the first LFW people with at least four, in a fixed order.</summary>
    private static List<string> PhotoPool() =>
        Directory.GetDirectories(TestPaths.LfwImages).Order(StringComparer.Ordinal)
            .Select(d => Directory.GetFiles(d).Order(StringComparer.Ordinal).ToArray())
            .Where(files => files.Length >= 4)
            .Take(40)
            .SelectMany(files => files.Take(4))
            .ToList();

    /// <summary>A database's content independent of row ids and timing: photos, faces by (photo, box), and people as sets of faces.</summary>
    private sealed record Snapshot(
        SortedSet<string> Photos, List<string> FaceKeys, Dictionary<string, float[]> Embeddings, SortedSet<string> People)
    {
        public static Snapshot Of(string database)
        {
            using var connection = new SqliteConnection($"Data Source={database};Pooling=False;Mode=ReadOnly");
            connection.Open();
            var photos = new SortedSet<string>(StringComparer.Ordinal);
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT path || ' ' || status FROM photos";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    photos.Add(reader.GetString(0));
                }
            }

            var keys = new List<string>();
            var embeddings = new Dictionary<string, float[]>();
            var people = new Dictionary<long, List<string>>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT p.path, f.x, f.y, f.w, f.h, f.embedding, f.person_id FROM faces f JOIN photos p ON p.id = f.photo_id";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var key = $"{Path.GetFileName(reader.GetString(0))}@{reader.GetFloat(1):0}";
                    keys.Add(key);
                    embeddings[key] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>((byte[])reader[5]).ToArray();
                    if (!reader.IsDBNull(6))
                    {
                        people.TryAdd(reader.GetInt64(6), []);
                        people[reader.GetInt64(6)].Add(key);
                    }
                }
            }

            keys.Sort(StringComparer.Ordinal);
            return new Snapshot(photos, keys, embeddings, new SortedSet<string>(people.Values.Select(p => string.Join(",", p.Order(StringComparer.Ordinal))), StringComparer.Ordinal));
        }
    }
}
