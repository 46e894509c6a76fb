using System.Diagnostics;
using FaceCluster.Storage;

namespace FaceCluster.Benchmarks;

/// <summary>
/// "store-write" mode: the time to write a grouping into a real SQLite library (<see cref="SyntheticLibrary"/>), for a
/// nightly incremental run (the library's unassigned faces placed with existing people, every other face unchanged)
/// and for a run in which every face changes person (what every run cost when all assignments were rewritten).
/// </summary>
public static class StoreWriteBenchmark
{
    public const string OptionsHelp = "--faces N (200000) --people P (faces/20) --new N (faces/100) --db FILE (temporary)";

    private const string Profile = "faceapi";

    public static int Run(BenchmarkArguments args)
    {
        var faces = args.Int("faces", 200_000);
        var people = args.Int("people", Math.Max(1, faces / 20));
        var newFaces = args.Int("new", faces / 100);
        var db = args.String("db", Path.Combine(Path.GetTempPath(), $"facecluster-store-write-{Environment.ProcessId}.db"));
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        SyntheticPeopleLibrary.Build(db, Profile, faces, people, newFaces, named: 0);
        Console.WriteLine($"library: {faces:N0} faces in {people:N0} people + {newFaces:N0} without one, {new FileInfo(db).Length / 1_048_576} MiB; built in {clock.Elapsed.TotalSeconds:0.0} s");

        using (var store = SqliteFaceStore.Open(db))
        {
            var assignments = store.LoadAssignments(Profile);
            var personIds = assignments.Values.Distinct().Order().ToArray();
            var facesOf = assignments.GroupBy(a => a.Value).ToDictionary(g => g.Key, g => g.Select(a => a.Key).ToList());
            var unassigned = store.ReadFaces(Profile).Select(f => f.Id).Where(id => !assignments.ContainsKey(id)).ToList();
            for (var i = 0; i < unassigned.Count; i++)
            {
                facesOf[personIds[i % personIds.Length]].Add(unassigned[i]);
            }

            Time("nightly: the new faces placed, the others unchanged", () => store.ApplyGrouping(Profile, [.. personIds.Select(id => new PersonAssignment(id, facesOf[id]))]));

            // Each person takes the next one's faces, so every face's person changes.
            Time("every face moved to another person", () => store.ApplyGrouping(Profile,
                [.. personIds.Select((id, i) => new PersonAssignment(id, facesOf[personIds[(i + 1) % personIds.Length]]))]));
        }

        File.Delete(db);
        return 0;
    }

    private static void Time(string what, Func<AppliedGrouping> write)
    {
        var clock = Stopwatch.StartNew();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var applied = write();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{what}: {applied.FacesWritten:N0} faces written in {clock.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU");
    }
}
