using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Grouping;

/// <summary>Merge suggestions and denials on a real library of synthetic people, one of them split in two.</summary>
public sealed class MergeSuggesterTests : IDisposable
{
    // Faces of one person lie about 0.05 apart (squared L2), people about 2: 0.2 joins a person and nothing more.
    private static readonly GroupingOptions Options = GroupingOptions.Default with { Threshold = 0.2f };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Suggest_PersonSplitInTwo_ComesFirstUntilDenied()
    {
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        var (split, other, apart) = SplitLibrary.Create(store);

        var suggestions = new MergeSuggester(store, db, "faceapi", Options).Suggest(10);

        Assert.Equal((Math.Min(split, other), Math.Max(split, other)), (suggestions[0].PersonA, suggestions[0].PersonB));
        Assert.True(suggestions[0].Distance < Options.Threshold, $"distance {suggestions[0].Distance}");
        Assert.All(suggestions.Where(s => s.PersonA == apart || s.PersonB == apart), s => Assert.True(s.Distance > 1f, $"distance {s.Distance}"));

        store.DenyPair(other, split);

        var after = new MergeSuggester(store, db, "faceapi", Options).Suggest(10);
        Assert.DoesNotContain(after, s => s.PersonA == Math.Min(split, other) && s.PersonB == Math.Max(split, other));
        Assert.Equal(suggestions.Count - 1, after.Count);
        Assert.Single(new MergeSuggester(store, db, "faceapi", Options).Suggest(1));
    }

    [Fact]
    public void Suggest_AboveTheExactSearchLimit_GivesTheExactSuggestionsWithOrWithoutTheSavedIndex()
    {
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        SplitLibrary.Create(store);
        var exact = new MergeSuggester(store, db, "faceapi", Options).Suggest(10);
        var approximate = Options with { ExactSearchLimit = 10, Hnsw = new HnswOptions { Threads = 1 } };

        var ownIndex = new MergeSuggester(store, db, "faceapi", approximate).Suggest(10);
        var faces = store.ReadFaces("faceapi").ToList();
        new FaceIndexStore(db, "faceapi", approximate.Hnsw)
            .Open(faces.Select(f => f.Id).ToArray(), faces.SelectMany(f => f.Embedding).ToArray(), 128).Index.Dispose();
        var savedIndex = new MergeSuggester(store, db, "faceapi", approximate).Suggest(10);

        foreach (var found in new[] { ownIndex, savedIndex })
        {
            Assert.Equal(exact.Select(s => (s.PersonA, s.PersonB, s.Links)), found.Select(s => (s.PersonA, s.PersonB, s.Links)));
            Assert.Equal(exact.Select(s => s.Distance), found.Select(s => s.Distance), (x, y) => Math.Abs(x - y) < 1e-4f);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Group_DeniedPair_StaysTwoPeopleWhereItWouldOtherwiseBeJoined(bool oneIsNamed)
    {
        // Without a denial, 'group' joins the two halves of the split person
        var plainDb = _temp.File("plain.db");
        using (var plain = SqliteFaceStore.Open(plainDb))
        {
            SplitLibrary.Create(plain);
            new PeopleGrouping(plain, plainDb, "faceapi", Options).Run("test");
            Assert.Single(PeopleOfTheSplitPerson(plain));
        }

        // With one, every later 'group' keeps them apart
        var db = _temp.File("denied.db");
        using var store = SqliteFaceStore.Open(db);
        var (a, b, _) = SplitLibrary.Create(store);
        if (oneIsNamed)
        {
            // A named person is must-linked whole, so its side of the denial takes another path through the constraints.
            store.NamePerson(a, "Ada");
        }

        store.DenyPair(a, b);
        var summary = new PeopleGrouping(store, db, "faceapi", Options).Run("test");
        new PeopleGrouping(store, db, "faceapi", Options).Run("test");

        Assert.Equal(2, PeopleOfTheSplitPerson(store).Count);
        Assert.True(summary.Statistics.RefusedCannotLink > 0);
        Assert.Equal([(Math.Min(a, b), Math.Max(a, b))], store.LoadDenials("faceapi"));
    }

    private static HashSet<long> PeopleOfTheSplitPerson(SqliteFaceStore store)
    {
        var assignments = store.LoadAssignments("faceapi");
        return SplitLibrary.FacesOfTheSplitPerson(store).Select(f => assignments[f]).ToHashSet();
    }
}

/// <summary>
/// Three synthetic people of five one-face photos each, stored and assigned through the real store: the first two
/// are one person split in two (one centre), the third is far from both.
/// </summary>
internal static class SplitLibrary
{
    private const int FacesPerPerson = 5;

    public static (long Split, long Other, long Apart) Create(IFaceStore store)
    {
        var centres = new[] { StoreTestData.Face(1).Embedding, StoreTestData.Face(1).Embedding, StoreTestData.Face(2).Embedding };
        var random = new Random(7);
        var photos = new List<PhotoOutcome>();
        for (var i = 0; i < centres.Length * FacesPerPerson; i++)
        {
            var noisy = centres[i / FacesPerPerson].Select(v => v + (float)(random.NextDouble() - 0.5) * 0.04f).ToArray();
            var norm = MathF.Sqrt(noisy.Sum(v => v * v));
            var face = StoreTestData.Face(i) with { Embedding = noisy.Select(v => v / norm).ToArray() };
            photos.Add(StoreTestData.Photo($"/p/{i:00}.jpg", 0) with { Faces = [face] });
        }

        store.SaveOutcomes(photos, runId: 1);
        var ids = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", ids.Chunk(FacesPerPerson).Select(c => new PersonAssignment(null, c)).ToList());
        return (people[0], people[1], people[2]);
    }

    /// <summary>The faces of both halves of the split person in a library made by <see cref="Create"/>.</summary>
    public static IEnumerable<long> FacesOfTheSplitPerson(IFaceStore store) =>
        store.ReadFaces("faceapi").Take(2 * FacesPerPerson).Select(f => f.Id);
}
