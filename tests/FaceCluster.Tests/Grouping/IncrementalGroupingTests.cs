using FaceCluster.Evaluation;
using FaceCluster.Grouping;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Grouping;

/// <summary>
/// Incremental 'group' (the default) against a full regroup on a real ingested LFW library. Faces ingested after the
/// last group have no person; the tests make a quarter of the faces such "new" faces by clearing their person in the
/// SQLite file, exactly the state a nightly ingest leaves.
/// </summary>
[Collection(LfwLibraryCollection.Name)]
public sealed class IncrementalGroupingTests(LfwLibraryFixture library, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private GroupingOptions Options => library.Installed.Settings().Grouping with { Threshold = library.Installed.Settings().GetProfile("faceapi").Threshold };

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_NewFacesPlacedIncrementally_AgreesWithAFullRegroup()
    {
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", Options).Run("test");
        var full = store.LoadAssignments("faceapi");
        var cleared = ClearEveryFourthFace(db);

        var summary = new PeopleGrouping(store, db, "faceapi", Options, full: false).Run("test");

        var incremental = store.LoadAssignments("faceapi");
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var agreement = ClusteringMetrics.Evaluate(Labels(faces, full, unassignedAlone: true), Labels(faces, incremental, unassignedAlone: false));
        output.WriteLine($"{summary.Mode}; {cleared} faces placed; incremental vs full: pairwise P/R/F {agreement.PairwisePrecision:0.000} / {agreement.PairwiseRecall:0.000} / {agreement.PairwiseF1:0.000}");
        Assert.Contains($"incremental ({cleared + faces.Count - full.Count} faces placed)", summary.Mode, StringComparison.Ordinal);
        Assert.True(agreement.PairwiseF1 >= 0.95, $"incremental and full agree only to pairwise F {agreement.PairwiseF1:0.000}");
        Assert.True(incremental.Count >= full.Count * 0.95, $"{incremental.Count} faces placed in people vs {full.Count} by the full run");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_IncrementalThenFull_KeepNamesMergesRejectionsAndDenials()
    {
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", Options).Run("test");
        var people = store.LoadPeople("faceapi").Where(p => p.FaceCount >= 3).OrderBy(p => p.Id).ToList();
        var (named, into, from, rejectedFrom, deniedA, deniedB) = (people[0], people[1], people[2], people[3], people[4], people[5]);
        var before = store.LoadAssignments("faceapi");
        var rejectedFace = before.First(a => a.Value == rejectedFrom.Id).Key;
        var facesOfA = before.Where(a => a.Value == deniedA.Id).Select(a => a.Key).ToList();
        var facesOfB = before.Where(a => a.Value == deniedB.Id).Select(a => a.Key).ToList();
        store.NamePerson(named.Id, "Ada Lovelace");
        store.MergePeople(into.Id, from.Id);
        store.RejectFace(rejectedFace);
        store.DenyPair(deniedA.Id, deniedB.Id);
        ClearEveryFourthFace(db);

        foreach (var full in new[] { false, true })
        {
            var mergedFaces = store.LoadAssignments("faceapi").Where(a => a.Value == into.Id).Select(a => a.Key).ToList();
            new PeopleGrouping(store, db, "faceapi", Options, full).Run("test");

            var after = store.LoadPeople("faceapi").ToDictionary(p => p.Id);
            var assignments = store.LoadAssignments("faceapi");
            Assert.Equal("Ada Lovelace", after[named.Id].Name);
            Assert.Equal(into.Id, after[from.Id].MergedInto);
            Assert.All(mergedFaces, f => Assert.Equal(into.Id, assignments.GetValueOrDefault(f, -1)));
            Assert.NotEqual(rejectedFrom.Id, assignments.GetValueOrDefault(rejectedFace, -1));
            var peopleOfA = facesOfA.Where(assignments.ContainsKey).Select(f => assignments[f]).ToHashSet();
            Assert.DoesNotContain(facesOfB.Where(assignments.ContainsKey), f => peopleOfA.Contains(assignments[f]));
        }
    }

    /// <summary>Clears the person of every fourth face (by id), as if those faces were ingested after the last group.</summary>
    private static int ClearEveryFourthFace(string db)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE faces SET person_id = NULL WHERE id % 4 = 0 AND person_id IS NOT NULL AND id NOT IN (SELECT face_id FROM rejections)";
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// A label per face from its person; an unassigned face is <see cref="ClusteringMetrics.Unassigned"/>, or, as the
    /// reference side (<paramref name="unassignedAlone"/>), a class of its own, since the metrics would read a shared
    /// true label as one person.
    /// </summary>
    private static int[] Labels(List<long> faces, IReadOnlyDictionary<long, long> assignments, bool unassignedAlone)
    {
        var numbers = new Dictionary<long, int>();
        return faces.Select((f, i) => assignments.TryGetValue(f, out var p) ? numbers.TryGetValue(p, out var n) ? n : numbers[p] = numbers.Count
            : unassignedAlone ? faces.Count + i : ClusteringMetrics.Unassigned).ToArray();
    }
}
