using System.Diagnostics;
using System.Globalization;
using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Sharding;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using FaceCluster.Tests.Synthetic;
using Npgsql;

namespace FaceCluster.Benchmarks;

/// <summary>
/// "shards" mode: writes a synthetic library (the group benchmark's generator) into SQLite or a throwaway PostgreSQL,
/// then measures what <c>docs/design-100m.md</c> extrapolates from: reading the embeddings streamed versus as face
/// objects (time, bytes held, bytes allocated), an unsharded full group, each <c>group --neighbours i/N</c> shard
/// (time per stage), the stored lists (rows, bytes), and the final group from the shards (loading the lists, linking),
/// checking that it finds exactly the unsharded people.
/// </summary>
public static class ShardsBenchmark
{
    /// <summary>No Zipf skew: identities of equal size, the library docs/design-100m.md was measured on.</summary>
    private const double Zipf = 0;

    public static readonly string OptionsHelp =
        SyntheticArguments.Help(Zipf) + " --shards N (2) --backend sqlite|postgres (sqlite) " + GroupingArguments.Help;

    private const string Profile = "faceapi";

    public static int Run(BenchmarkArguments args)
    {
        var synthetic = SyntheticArguments.Read(args, Zipf);
        var shardCount = args.Int("shards", 2);
        var backend = args.String("backend", "sqlite");
        var options = GroupingArguments.Read(args, GroupingOptions.Default);
        args.RejectUnknown();

        var work = Directory.CreateTempSubdirectory("facecluster-shards-").FullName;
        using var server = backend == "postgres" ? new PostgresServer() : null;
        var db = server?.CreateDatabase() ?? Path.Combine(work, "lib.db");
        var location = LibraryLocation.Parse(db);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; backend {backend}; {shardCount} shards; grouping: {options}");
        try
        {
            var clock = Stopwatch.StartNew();
            var data = SyntheticFaceSet.Generate(synthetic);
            using (var store = LibraryStores.Open(location, mayCreate: true))
            {
                SyntheticLibrary.Save(store, data);
            }

            Console.WriteLine($"library: {data.Count:N0} faces of {data.IdentityCount:N0} identities, {data.Dimension}-d, written in {clock.Elapsed.TotalSeconds:F1} s");
            using var library = LibraryStores.Open(location, mayCreate: false);
            Console.WriteLine($"faces on disk: {TableBytes(library, db, "faces"):N0} bytes (SQLite: the whole file's pages in use)");
            MeasureReads(library);

            MeasureIndexBuild(library, options);
            var unsharded = new PeopleGrouping(library, location.SidecarBase, Profile, options).Run("benchmark");
            Console.WriteLine($"unsharded full group: {unsharded.Seconds:F1} s ({unsharded.IndexAction}), {unsharded.People:N0} people, {unsharded.Unassigned:N0} unassigned");
            var unshardedPeople = People(library);
            var indexStore = new FaceIndexStore(location.SidecarBase, Profile, options.Hnsw);
            if (File.Exists(indexStore.IndexPath))
            {
                Console.WriteLine($"HNSW index file: {new FileInfo(indexStore.IndexPath).Length:N0} bytes");
            }

            Report("after the unsharded group");

            var bytesBefore = TableBytes(library, db, "neighbour_lists");
            for (var shard = 1; shard <= shardCount; shard++)
            {
                var summary = NeighbourShards.Compute(library, location.SidecarBase, Profile, options, new ShardSpec(shard, shardCount), CancellationToken.None);
                Console.WriteLine(
                    $"shard {summary.Shard}: {summary.Queried:N0} faces searched ({summary.Search}), {summary.Neighbours:N0} neighbours stored; "
                    + string.Join(", ", summary.StageSeconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:F2} s"))));
            }

            Console.WriteLine($"stored lists: {TableBytes(library, db, "neighbour_lists") - bytesBefore:N0} bytes on disk for {data.Count:N0} rows (payload {data.Count * options.K * 12L:N0} bytes at most)");
            Report("after the shards");
            MeasureFinalGroup(library, options);
            var sharded = new PeopleGrouping(library, location.SidecarBase, Profile, options).Run("benchmark");
            Console.WriteLine($"final group from the shards: {sharded.Seconds:F1} s ({sharded.IndexAction}), {sharded.People:N0} people; "
                + $"same people as unsharded: {People(library).SequenceEqual(unshardedPeople)}");
            Report("at the end");
            indexStore.Delete(); // a PostgreSQL library's index lies in the user's cache folder, not in the work folder
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    /// <summary>The streamed read into one buffer against the per-face objects it replaced (ReadFaces + GroupingInput.Of).</summary>
    private static void MeasureReads(IFaceStore store)
    {
        var (streamed, streamedHeld, streamedAllocated, _) = Measure(() => store.ReadEmbeddings(Profile));
        Console.WriteLine($"read embeddings, streamed in batches: {streamed:F2} s, {Mb(streamedHeld)} MB held, {Mb(streamedAllocated)} MB allocated");
        var (objects, objectsHeld, objectsAllocated, list) = Measure(() => store.ReadFaces(Profile).ToList());
        var (copy, inputHeld, copyAllocated, _) = Measure(() => GroupingInput.Of(list));
        GC.KeepAlive(list);
        Console.WriteLine(
            $"read embeddings, before (face objects, then copied): {objects + copy:F2} s, {Mb(objectsHeld + inputHeld)} MB held at the peak "
            + $"({Mb(objectsHeld)} MB of objects + {Mb(inputHeld)} MB buffer), {Mb(objectsAllocated + copyAllocated)} MB allocated");
    }

    /// <summary>The HNSW build alone (each shard machine's first run does it, or copies the file), outside the GC heap.</summary>
    private static void MeasureIndexBuild(IFaceStore store, GroupingOptions options)
    {
        var input = store.ReadEmbeddings(Profile)!;
        using var process = Process.GetCurrentProcess();
        var before = process.WorkingSet64;
        var clock = Stopwatch.StartNew();
        using var index = new HnswIndex(input.Dimension, options.Hnsw);
        index.AddRange(input.FaceIds.ToArray(), input.Embeddings);
        process.Refresh();
        Console.WriteLine($"HNSW build alone: {clock.Elapsed.TotalSeconds:F1} s, working set +{Mb(process.WorkingSet64 - before)} MB");
    }

    /// <summary>The final group's own stages: the lists loaded into the neighbour table, then the linking.</summary>
    private static void MeasureFinalGroup(IFaceStore store, GroupingOptions options)
    {
        var input = store.ReadEmbeddings(Profile)!;
        var (load, tableHeld, _, table) = Measure(() => NeighbourShards.TryLoad(store, Profile, input, options.K, null, out _));
        var (link, linkHeld, linkAllocated, result) = Measure(() => new FaceGrouper(options).GroupFromNeighbours(input, table!, null, null, CancellationToken.None));
        Console.WriteLine($"final group stages: lists loaded and checked {load:F2} s ({Mb(tableHeld)} MB table); linking {link:F2} s "
            + $"({Mb(linkAllocated)} MB allocated, {Mb(linkHeld)} MB held after); {result.Statistics}");
    }

    private static (double Seconds, long Held, long Allocated, T Value) Measure<T>(Func<T> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var value = work();
        var seconds = clock.Elapsed.TotalSeconds;
        var allocatedNow = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(value);
        return (seconds, held, allocatedNow, value);
    }

    /// <summary>SQLite: the pages in use in the whole file (the caller takes differences); PostgreSQL: the table with its indexes.</summary>
    private static long TableBytes(IFaceStore store, string db, string table)
    {
        if (store is SqliteFaceStore sqlite)
        {
            sqlite.Checkpoint();
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (page_count - freelist_count) * page_size FROM pragma_page_count, pragma_freelist_count, pragma_page_size";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using var source = NpgsqlDataSource.Create(db);
        using var size = source.CreateCommand($"SELECT pg_total_relation_size('facecluster.{table}')");
        return Convert.ToInt64(size.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<string> People(IFaceStore store) =>
        store.LoadAssignments(Profile).GroupBy(a => a.Value).Select(g => string.Join(',', g.Select(a => a.Key).Order())).Order(StringComparer.Ordinal).ToList();

    private static void Report(string when)
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"memory {when}: peak working set {Mb(process.PeakWorkingSet64)} MB, GC heap {Mb(GC.GetGCMemoryInfo().HeapSizeBytes)} MB");
    }

    private static string Mb(long bytes) => (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture);
}
