using FaceCluster.Evaluation;
using FaceCluster.Grouping;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Grouping;

/// <summary>Grouping real embeddings of LFW people stored by the real ingest, through the same code 'group' runs.</summary>
[Collection(LfwLibraryCollection.Name)]
public sealed class PeopleGroupingTests(LfwLibraryFixture library, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private GroupingOptions Options => library.Installed.Settings().Grouping with { Threshold = library.Installed.Settings().GetProfile("faceapi").Threshold };

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_LfwPeople_BeatsTheNaiveThresholdGraphOnPairwiseAndBCubedF()
    {
        // A threshold loose enough for single links to chain people together, where the guards must earn their keep.
        var options = Options with { Threshold = 0.15f };
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", options).Run("test");
        var ours = Score(store);

        // The naive baseline: connected components of the plain threshold graph (dlib's chinese-whispers input), no guards.
        var naiveOptions = options with { SamePhotoRule = false, MutualNeighbours = false, CoreMinNeighbours = 0, AverageLinkCheck = false, MinClusterSize = 1 };
        var naiveDb = library.CopyDatabase(_temp, "naive.db");
        using var naiveStore = SqliteFaceStore.Open(naiveDb);
        new PeopleGrouping(naiveStore, naiveDb, "faceapi", naiveOptions).Run("test");
        var naive = Score(naiveStore);

        output.WriteLine($"ours:  pairwise P {ours.PairwisePrecision:0.000} R {ours.PairwiseRecall:0.000} F {ours.PairwiseF1:0.000}, BCubed F {ours.BCubedF1:0.000}, NMI {ours.Nmi:0.000}, {ours.PredictedClusters} clusters vs {ours.TrueClasses} people, {ours.UnassignedItems} unassigned");
        output.WriteLine($"naive: pairwise P {naive.PairwisePrecision:0.000} R {naive.PairwiseRecall:0.000} F {naive.PairwiseF1:0.000}, BCubed F {naive.BCubedF1:0.000}, NMI {naive.Nmi:0.000}, {naive.PredictedClusters} clusters");
        Assert.True(ours.PairwiseF1 >= naive.PairwiseF1, "pairwise F must not be worse than the naive threshold graph");
        Assert.True(ours.BCubedF1 >= naive.BCubedF1, "BCubed F must not be worse than the naive threshold graph");
        // 0.88 before the merge pass and attach check; their limit scales with the threshold, so at this deliberately
        // loose one they join a little more than at the shipped threshold (docs/results, 2026-11-30).
        Assert.True(ours.PairwiseF1 > 0.8, $"pairwise F {ours.PairwiseF1:0.000}");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_NeverPutsTwoFacesOfOnePhotoIntoOnePerson()
    {
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", Options with { Threshold = 1.5f }).Run("test");

        var photoOf = store.ReadFaces("faceapi").ToDictionary(f => f.Id, f => f.PhotoId);
        foreach (var person in store.LoadAssignments("faceapi").GroupBy(a => a.Value))
        {
            var photos = person.Select(a => photoOf[a.Key]).ToList();
            Assert.Equal(photos.Count, photos.Distinct().Count());
        }
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_RunTwice_KeepsEveryPersonId()
    {
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", Options).Run("test");
        var first = store.LoadAssignments("faceapi");

        var second = new PeopleGrouping(store, db, "faceapi", Options).Run("test");

        Assert.Equal(first.OrderBy(a => a.Key), store.LoadAssignments("faceapi").OrderBy(a => a.Key));
        Assert.Equal(0, second.NewPeople);
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Group_Rerun_KeepsNamesMergesAndRejections()
    {
        var db = library.CopyDatabase(_temp);
        using var store = SqliteFaceStore.Open(db);
        new PeopleGrouping(store, db, "faceapi", Options).Run("test");
        var people = store.LoadPeople("faceapi").Where(p => p.FaceCount >= 3).OrderBy(p => p.Id).ToList();
        var (named, into, from, rejectedFrom) = (people[0], people[1], people[2], people[3]);
        var rejectedFace = store.LoadAssignments("faceapi").First(a => a.Value == rejectedFrom.Id).Key;
        var namedFaces = Faces(store, named.Id);

        store.NamePerson(named.Id, "Ada Lovelace");
        store.MergePeople(into.Id, from.Id);
        var mergedFaces = Faces(store, into.Id);
        store.RejectFace(rejectedFace);

        new PeopleGrouping(store, db, "faceapi", Options).Run("test");

        var after = store.LoadPeople("faceapi").ToDictionary(p => p.Id);
        Assert.Equal("Ada Lovelace", after[named.Id].Name);
        Assert.Superset(namedFaces.ToHashSet(), Faces(store, named.Id).ToHashSet());
        Assert.Superset(mergedFaces.ToHashSet(), Faces(store, into.Id).ToHashSet());
        Assert.Equal(into.Id, after[from.Id].MergedInto);
        Assert.NotEqual(rejectedFrom.Id, store.LoadAssignments("faceapi").GetValueOrDefault(rejectedFace, -1));
    }

    private static List<long> Faces(SqliteFaceStore store, long person) =>
        store.LoadAssignments("faceapi").Where(a => a.Value == person).Select(a => a.Key).ToList();

    private static ClusteringReport Score(SqliteFaceStore store)
    {
        var faces = store.ReadFaces("faceapi").ToList();
        var assignments = store.LoadAssignments("faceapi");
        var names = faces.Select(f => LfwLibraryFixture.TruthOf(f.PhotoPath)).Distinct().Order().Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
        var people = assignments.Values.Distinct().Order().Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var truth = faces.Select(f => names[LfwLibraryFixture.TruthOf(f.PhotoPath)]).ToArray();
        var predicted = faces.Select(f => assignments.TryGetValue(f.Id, out var p) ? people[p] : ClusteringMetrics.Unassigned).ToArray();
        return ClusteringMetrics.Evaluate(truth, predicted);
    }
}
