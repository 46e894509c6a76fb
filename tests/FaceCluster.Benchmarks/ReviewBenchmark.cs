using System.Collections.Immutable;
using System.Diagnostics;
using FaceCluster.Detection;
using FaceCluster.Landmarks;
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
        var (largest, typical) = Build(db, faces, people, unassigned, named);
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

    /// <summary>Photos of 4 faces each through SaveOutcomes, people through ApplyGrouping (sizes falling like 1/rank), names through NamePerson.</summary>
    private static ((long Id, int Faces) Largest, (long Id, int Faces) Typical) Build(string db, int faces, int people, int unassigned, int named)
    {
        File.Delete(db);
        using var store = SqliteFaceStore.Open(db);
        var random = new Random(1);
        var landmarks = new FaceLandmarks(Enumerable.Range(0, 68).Select(i => new Point2(i, i)).ToImmutableArray());
        var total = faces + unassigned;
        for (var start = 0; start < total; start += 4000)
        {
            var photos = Enumerable.Range(start / 4, Math.Min(1000, (total - start + 3) / 4)).Select(p => new PhotoOutcome(
                $"/synthetic/{p / 1000:000}/{p:000000}.jpg", 1, 1, $"{p:x16}", 4000, 3000, PhotoStatus.Ok, null, Profile,
                Enumerable.Range(0, 4).Select(i => new FaceRecord(new FaceBox(100 + i * 500, 100, 400, 400), 0.9f, 0.8f, landmarks, UnitVector(random))).ToList())).ToList();
            store.SaveOutcomes(photos, runId: 1);
        }

        var ids = store.ReadFaces(Profile).Select(f => f.Id).ToArray();
        var weights = Enumerable.Range(1, people).Select(rank => 1.0 / rank).ToArray();
        var scale = (faces - people) / weights.Sum();
        var sizes = weights.Select(w => 1 + (int)(w * scale)).ToArray();
        sizes[0] += faces - sizes.Sum();
        var offset = 0;
        var groups = sizes.Select(size => new PersonAssignment(null, ids[offset..(offset += size)])).ToList();
        var personIds = store.ApplyGrouping(Profile, groups);
        for (var i = 0; i < named; i++)
        {
            store.NamePerson(personIds[i * (people / Math.Max(1, named))], $"Person {i}");
        }

        return ((personIds[0], sizes[0]), (personIds[people / 2], sizes[people / 2]));
    }

    private static float[] UnitVector(Random random)
    {
        var vector = new float[128];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(random.NextDouble() - 0.5);
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return vector;
    }
}
