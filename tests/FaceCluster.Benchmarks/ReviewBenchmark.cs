using System.Diagnostics;
using FaceCluster.Review;
using FaceCluster.Storage;

namespace FaceCluster.Benchmarks;

/// <summary>
/// "review" mode: a synthetic library (random unit embeddings, real store code) of N faces in P people plus
/// unassigned faces, then the time to the first page of what 'facecluster serve' shows: people, one person's faces,
/// the review queue (with and without building the nearest-person search). Each query runs on a freshly opened store.
/// </summary>
public static class ReviewBenchmark
{
    public const string OptionsHelp = "--faces N (100000) --people P (5000) --unassigned N (faces/20) --named N (people/5) --page N (48) --db FILE (temporary)";

    private const string Profile = "faceapi";

    public static int Run(BenchmarkArguments args)
    {
        var faces = args.Int("faces", 100_000);
        var people = args.Int("people", 5_000);
        var unassigned = args.Int("unassigned", faces / 20);
        var named = args.Int("named", people / 5);
        var page = args.Int("page", 48);
        var db = args.String("db", Path.Combine(Path.GetTempPath(), $"facecluster-review-{Environment.ProcessId}.db"));
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var (largest, typical) = SyntheticPeopleLibrary.Build(db, Profile, faces, people, unassigned, named);
        Console.WriteLine($"library: {faces} faces, {people} people ({named} named), {unassigned} unassigned, {new FileInfo(db).Length / 1_048_576} MiB; built in {clock.Elapsed.TotalSeconds:0.0} s");

        Time("people, first page", db, store => store.LoadPeoplePage(Profile, PeopleFilter.Visible, 0, page, 4).Items.Count);
        Time("people, page 50", db, store => store.LoadPeoplePage(Profile, PeopleFilter.Visible, 50 * page, page, 4).Items.Count);
        Time($"largest person's faces ({largest.Faces}), first page", db, store => store.LoadPersonFaces(largest.Id, 0, page).Items.Count);
        Time($"a typical person's faces ({typical.Faces}), first page", db, store => store.LoadPersonFaces(typical.Id, 0, page).Items.Count);
        Time("review queue, first page (clusters + unassigned faces)", db, store =>
            store.LoadPeoplePage(Profile, PeopleFilter.Unnamed, 0, page, 4).Items.Count + store.LoadUnassignedFaces(Profile, 0, page).Items.Count);
        var build = Stopwatch.StartNew();
        using (var store = SqliteFaceStore.Open(db))
        using (var nearest = NearestPeople.Build(store, Profile))
        {
            Console.WriteLine($"nearest-person search built (once per server start or ingest): {build.Elapsed.TotalMilliseconds:0.0} ms");
            Time("review queue, nearest person of each face on the first page (search built)", db, query => query.LoadUnassignedFaces(Profile, 0, page).Items
                .Select(f => query.GetFace(f.Id)!).Count(f => nearest.Suggest(f, id => query.GetReviewFace(id)?.PersonId) is not null));
        }

        File.Delete(db);
        return 0;
    }

    private static void Time(string what, string db, Func<SqliteFaceStore, int> query)
    {
        var clock = Stopwatch.StartNew();
        using var store = SqliteFaceStore.Open(db);
        var rows = query(store);
        Console.WriteLine($"{what}: {clock.Elapsed.TotalMilliseconds:0.0} ms ({rows} rows)");
    }
}
