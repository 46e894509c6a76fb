using System.Diagnostics;
using FaceCluster.Evaluation;
using FaceCluster.Grouping;
using FaceCluster.Storage;

namespace FaceCluster.Benchmarks;

/// <summary>
/// "lfw-group" mode: groups the stored faces of an LFW library (the one `facecluster lfw --cluster --min-images 1`
/// ingests, <c>lfw-cluster.PROFILE.db</c>) with <see cref="FaceGrouper"/> under the given settings and scores the
/// labelled centre faces as <c>lfw --cluster</c> does, in seconds instead of an ingest. <c>--set 40x10</c> groups only the
/// photos of the 40 first people (ordinal) with at least 10 images (their first 10) and of the 400 first people with
/// exactly one image. Prints the scores and why faces of one person ended in several clusters.
/// </summary>
internal static class LfwGroupBenchmark
{
    public const string OptionsHelp = "--db FILE | --cache FILE [--profile faceapi] [--set all|40x10] [--new-every N (0: full only; else every Nth face is new and placed incrementally after a full run)] " + GroupingArguments.Help;

    public static int Run(BenchmarkArguments args)
    {
        var database = args.String("db", "");
        var cache = args.String("cache", "");
        var profile = args.String("profile", "faceapi");
        var set = args.String("set", "all");
        var newEvery = args.Int("new-every", 0);
        var options = GroupingArguments.Read(args, GroupingOptions.Default with { Threshold = 0.11f, ExactSearchLimit = int.MaxValue });
        args.RejectUnknown();
        var faces = File.Exists(database) ? LibraryFaces(database, profile)
            : File.Exists(cache) ? CachedFaces(cache, profile)
            : throw new ArgumentException("--db or --cache: an existing file");

        var photos = Selection(faces.Select(f => f.PhotoPath).Distinct(StringComparer.Ordinal).ToList(), set);
        faces = faces.Where(f => photos.Contains(f.PhotoPath)).ToList();
        var scored = faces.GroupBy(f => f.PhotoPath).Select(p => p.Count() == 1 ? p.First() : CentreFace(p)).Select(f => f.Id).ToHashSet();
        Console.WriteLine($"{faces.Count} faces of {photos.Count} photos ({set}); {scored.Count} labelled centre faces scored");
        Console.WriteLine($"grouping: {options}");

        var clock = Stopwatch.StartNew();
        var input = GroupingInput.Of(faces);
        var result = new FaceGrouper(options).Group(input);
        Console.WriteLine($"grouped in {clock.Elapsed.TotalSeconds:0.00} s; {result.Statistics}");
        if (newEvery > 0)
        {
            var personOfRow = result.Labels.Select((label, row) => row % newEvery == 0 ? -1 : label).ToArray();
            clock.Restart();
            var full = result;
            result = new FaceGrouper(options).GroupIncrementally(input, personOfRow, null);
            var agreement = ClusteringMetrics.Evaluate(full.Labels.Select((label, row) => label >= 0 ? label : full.ClusterCount + row).ToArray(), result.Labels.ToArray());
            Console.WriteLine($"incremental: {personOfRow.Count(p => p < 0)} faces placed in {clock.Elapsed.TotalSeconds:0.00} s; {result.Statistics}");
            Console.WriteLine($"incremental vs full: pairwise P/R/F {agreement.PairwisePrecision:0.0000} / {agreement.PairwiseRecall:0.0000} / {agreement.PairwiseF1:0.0000}");
        }

        var rows = Enumerable.Range(0, faces.Count).Where(r => scored.Contains(faces[r].Id)).ToList();
        var names = rows.Select(r => Truth(faces[r].PhotoPath)).Distinct(StringComparer.Ordinal).Select((n, i) => (n, i))
            .ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var truth = rows.Select(r => names[Truth(faces[r].PhotoPath)]).ToArray();
        var predicted = rows.Select(r => result.Labels[r]).ToArray();
        var report = ClusteringMetrics.Evaluate(truth, predicted);
        Console.WriteLine(
            $"pairwise P/R/F {report.PairwisePrecision:0.0000} / {report.PairwiseRecall:0.0000} / {report.PairwiseF1:0.0000}; "
            + $"BCubed P/R/F {report.BCubedPrecision:0.0000} / {report.BCubedRecall:0.0000} / {report.BCubedF1:0.0000}; NMI {report.Nmi:0.0000}; "
            + $"clusters {report.PredictedClusters} ({report.UnassignedItems} unassigned) vs {report.TrueClasses} people");
        ReportSplits(rows.Select(r => faces[r]).ToList(), truth, predicted);
        return 0;
    }

    private static List<StoredFace> LibraryFaces(string database, string profile)
    {
        using var store = SqliteFaceStore.Open(database);
        return store.ReadFaces(profile).ToList();
    }

    /// <summary>
    /// The one (centre) face per image of an LFW embedding cache (<c>facecluster lfw --cache</c>), as faces of photos of
    /// their own; its box and score are unknown (zero).
    /// </summary>
    private static List<StoredFace> CachedFaces(string cache, string profile)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cache};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, embedding FROM embeddings WHERE profile LIKE $profile || '@%' AND variant = 'plain' ORDER BY path";
        command.Parameters.AddWithValue("$profile", profile);
        using var reader = command.ExecuteReader();
        var faces = new List<StoredFace>();
        while (reader.Read())
        {
            var id = faces.Count + 1;
            faces.Add(new StoredFace(id, id, reader.GetString(0), new Detection.FaceBox(0, 0, 0, 0), 0f,
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>((byte[])reader[1]).ToArray()));
        }

        return faces;
    }

    /// <summary>All photos, or the 40x10 + 400 singles set described in the class summary.</summary>
    private static HashSet<string> Selection(List<string> photos, string set)
    {
        if (set == "all")
        {
            return photos.ToHashSet(StringComparer.Ordinal);
        }

        if (set != "40x10")
        {
            throw new ArgumentException($"--set {set}: all or 40x10");
        }

        var people = photos.GroupBy(Truth, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Order(StringComparer.Ordinal).ToList()).ToList();
        return people.Where(p => p.Count >= 10).Take(40).SelectMany(p => p.Take(10))
            .Concat(people.Where(p => p.Count == 1).Take(400).Select(p => p[0]))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// For every person whose faces lie in more than one cluster (or partly unassigned): how the faces outside the
    /// person's main cluster compare with those inside (detection score, face size), so a split by quality shows.
    /// </summary>
    private static void ReportSplits(List<StoredFace> faces, int[] truth, int[] predicted)
    {
        var split = 0;
        var strays = new List<StoredFace>();
        var kept = new List<StoredFace>();
        foreach (var person in Enumerable.Range(0, faces.Count).GroupBy(i => truth[i]).Where(g => g.Count() > 1))
        {
            var main = person.Where(i => predicted[i] >= 0).GroupBy(i => predicted[i]).MaxBy(g => g.Count())?.Key ?? -2;
            var outside = person.Where(i => predicted[i] != main).ToList();
            if (outside.Count == 0)
            {
                continue;
            }

            split++;
            strays.AddRange(outside.Select(i => faces[i]));
            kept.AddRange(person.Where(i => predicted[i] == main).Select(i => faces[i]));
        }

        Console.WriteLine($"people split or partly unassigned: {split}; faces outside their person's main cluster: {strays.Count}");
        var mixed = Enumerable.Range(0, faces.Count).Where(i => predicted[i] >= 0).GroupBy(i => predicted[i])
            .Select(c => (Size: c.Count(), People: c.Select(i => truth[i]).Distinct().Count(), Majority: c.GroupBy(i => truth[i]).Max(g => g.Count())))
            .Where(c => c.People > 1).OrderByDescending(c => c.Size - c.Majority).ToList();
        Console.WriteLine($"mixed clusters: {mixed.Count}, {mixed.Sum(c => c.Size - c.Majority)} faces outside their cluster's majority person; worst: "
            + string.Join(", ", mixed.Take(5).Select(c => $"{c.Size} faces of {c.People} people (majority {c.Majority})")));
        Console.WriteLine($"  score mean outside {Mean(strays, f => f.Score):0.000} vs inside {Mean(kept, f => f.Score):0.000}; "
            + $"face side mean outside {Mean(strays, f => Math.Min(f.Box.Width, f.Box.Height)):0.0} vs inside {Mean(kept, f => Math.Min(f.Box.Width, f.Box.Height)):0.0}");
    }

    private static double Mean(List<StoredFace> faces, Func<StoredFace, float> value) => faces.Count == 0 ? 0 : faces.Average(value);

    private static StoredFace CentreFace(IGrouping<string, StoredFace> photo)
    {
        var info = SixLabors.ImageSharp.Image.Identify(photo.Key);
        return photo.MinBy(f => f.Box.CentreDistanceSquared(info.Width / 2.0, info.Height / 2.0))!;
    }

    private static string Truth(string photoPath) => Path.GetFileName(Path.GetDirectoryName(photoPath))!;
}
