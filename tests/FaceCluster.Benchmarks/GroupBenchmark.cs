using System.Diagnostics;
using System.Globalization;
using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Tests.Synthetic;

namespace FaceCluster.Benchmarks;

/// <summary>
/// "group" mode: generates a synthetic library (Zipf-sized identities, lookalike families, group photos; fixed seed),
/// groups it with <see cref="FaceGrouper"/> (HNSW above the exact-search limit) and reports time, memory and pairwise
/// quality against the generator's ground truth.
/// </summary>
public static class GroupBenchmark
{
    public static readonly string OptionsHelp =
        SyntheticArguments.Help(1.0) + " "
        + GroupingArguments.Help + " --incremental N (0; else every Nth face is new and placed incrementally) --recall-sample N (0: skip; else rebuilds an index and compares N queries with exact search)";

    public static int Run(BenchmarkArguments args)
    {
        var synthetic = SyntheticArguments.Read(args, zipf: 1.0);
        var options = GroupingArguments.Read(args, GroupingOptions.Default);
        var recallSample = args.Int("recall-sample", 0);
        var incremental = args.Int("incremental", 0);
        args.RejectUnknown();

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"synthetic: {synthetic}");
        Console.WriteLine($"grouping: {options}");

        var clock = Stopwatch.StartNew();
        var data = SyntheticFaceSet.Generate(synthetic);
        Console.WriteLine($"generated {data.Count:N0} faces of {data.IdentityCount:N0} identities in {clock.Elapsed.TotalSeconds:F1} s");

        if (incremental > 0)
        {
            return RunIncremental(data, options, incremental);
        }

        // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours' load.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var result = new FaceGrouper(options).Group(new GroupingInput(data.FaceIds, data.PhotoIds, data.Embeddings, data.Dimension));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var t = result.Timings;
        Console.WriteLine(
            $"index build {Seconds(t.IndexBuild)} s, neighbour search {Seconds(t.NeighbourSearch)} s, linking {Seconds(t.Linking)} s, "
            + $"grouping total {Seconds(t.Total)} s wall, {Seconds(cpu)} s CPU ({cpu / t.Total:F2} cores busy on average; {result.Statistics.SearchMethod})");
        Console.WriteLine($"statistics: {result.Statistics}");

        var score = PairwiseScore.Compute(data.Identities, result.Labels);
        Console.WriteLine($"pairwise: {score} (true pairs {score.TruePairs:N0}, predicted {score.PredictedPairs:N0})");
        ReportClusters(data, result);
        ReportMemory();

        if (recallSample > 0)
        {
            MeasureRecall(data, options, recallSample);
        }

        return 0;
    }

    /// <summary>
    /// The nightly case: every <paramref name="newEvery"/>th face is new, the others already belong to their (true)
    /// person and sit in the saved HNSW index (built here first, not timed). Timed: adding the new faces to the index and
    /// placing them (<see cref="FaceGrouper.GroupIncrementally"/>).
    /// </summary>
    private static int RunIncremental(SyntheticFaceSet data, GroupingOptions options, int newEvery)
    {
        var personOfRow = data.Identities.Select((identity, row) => row % newEvery == 0 ? -1 : identity).ToArray();
        var oldRows = Enumerable.Range(0, data.Count).Where(row => personOfRow[row] >= 0).ToArray();
        var newRows = Enumerable.Range(0, data.Count).Where(row => personOfRow[row] < 0).ToArray();
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var index = new HnswIndex(data.Dimension, options.Hnsw);
        index.AddRange(oldRows.Select(r => data.FaceIds[r]).ToArray(), Embeddings(data, oldRows));
        Console.WriteLine(
            $"saved index stand-in: {oldRows.Length:N0} old faces indexed in {Seconds(clock.Elapsed)} s wall, "
            + $"{Seconds(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore)} s CPU (not timed below)");

        cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        clock.Restart();
        index.AddRange(newRows.Select(r => data.FaceIds[r]).ToArray(), Embeddings(data, newRows));
        var added = clock.Elapsed;
        var result = new FaceGrouper(options).GroupIncrementally(new GroupingInput(data.FaceIds, data.PhotoIds, data.Embeddings, data.Dimension), personOfRow, index);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine(
            $"incremental: {newRows.Length:N0} new faces added to the index in {Seconds(added)} s and placed in {Seconds(result.Timings.Total)} s; "
            + $"total {Seconds(clock.Elapsed)} s wall, {Seconds(cpu)} s CPU");
        Console.WriteLine($"statistics: {result.Statistics}");
        var oldKept = oldRows.GroupBy(r => personOfRow[r]).All(g => g.Select(r => result.Labels[r]).Distinct().Count() == 1);
        Console.WriteLine($"old faces keep their people: {oldKept}; pairwise over all faces: {PairwiseScore.Compute(data.Identities, result.Labels)}");
        ReportMemory();
        return 0;
    }

    private static float[] Embeddings(SyntheticFaceSet data, int[] rows)
    {
        var embeddings = new float[rows.Length * data.Dimension];
        for (var i = 0; i < rows.Length; i++)
        {
            data.Row(rows[i]).CopyTo(embeddings.AsSpan(i * data.Dimension, data.Dimension));
        }

        return embeddings;
    }

    private static void ReportClusters(SyntheticFaceSet data, GroupingResult result)
    {
        var facesPerIdentity = new int[data.IdentityCount];
        foreach (var identity in data.Identities)
        {
            facesPerIdentity[identity]++;
        }

        var identitiesByCluster = new Dictionary<int, HashSet<int>>();
        var clustersByIdentity = new Dictionary<int, HashSet<int>>();
        for (var row = 0; row < data.Count; row++)
        {
            var label = result.Labels[row];
            if (label < 0)
            {
                continue;
            }

            (identitiesByCluster.TryGetValue(label, out var ids) ? ids : identitiesByCluster[label] = []).Add(data.Identities[row]);
            (clustersByIdentity.TryGetValue(data.Identities[row], out var cs) ? cs : clustersByIdentity[data.Identities[row]] = []).Add(label);
        }

        var groupable = facesPerIdentity.Count(n => n >= 2);
        Console.WriteLine(
            $"clusters {result.ClusterCount:N0} vs identities with >= 2 faces {groupable:N0} (all identities {data.IdentityCount:N0}); "
            + $"unassigned faces {result.UnassignedCount:N0}; mixed clusters {identitiesByCluster.Values.Count(s => s.Count > 1):N0}; "
            + $"split identities {clustersByIdentity.Values.Count(s => s.Count > 1):N0}; largest identity {facesPerIdentity.Max():N0} faces");
    }

    private static void ReportMemory()
    {
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        Console.WriteLine(
            $"memory: peak working set {Mb(process.PeakWorkingSet64)} MB; GC heap now {Mb(gc.HeapSizeBytes)} MB, committed {Mb(gc.TotalCommittedBytes)} MB, "
            + $"total allocated {Mb(GC.GetTotalAllocatedBytes())} MB; collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
    }

    /// <summary>Recall@K of the HNSW graph against exact search, on evenly spaced query rows.</summary>
    private static void MeasureRecall(SyntheticFaceSet data, GroupingOptions options, int sample)
    {
        var clock = Stopwatch.StartNew();
        using var hnsw = new HnswIndex(data.Dimension, options.Hnsw);
        hnsw.AddRange(Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray(), data.Embeddings);
        var build = clock.Elapsed;
        using var exact = new BruteForceIndex(data.Dimension, data.Count);
        exact.AddRange(Enumerable.Range(0, data.Count).Select(i => (long)i).ToArray(), data.Embeddings);

        var k = options.K;
        long hits = 0;
        var queries = Math.Min(sample, data.Count);
        Parallel.For(0, queries, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, q =>
        {
            var row = (int)((long)q * data.Count / queries);
            var truth = exact.Search(data.Row(row), k).Select(n => n.Key).ToHashSet();
            var found = hnsw.Search(data.Row(row), k).Count(n => truth.Contains(n.Key));
            Interlocked.Add(ref hits, found);
        });

        Console.WriteLine(
            $"recall@{k}: {(double)hits / (queries * (long)k):F4} over {queries} queries; HNSW rebuild {Seconds(build)} s, "
            + $"native memory {Mb(hnsw.MemoryUsageBytes)} MB");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture);
}
