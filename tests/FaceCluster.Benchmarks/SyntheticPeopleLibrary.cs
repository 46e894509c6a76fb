using System.Collections.Immutable;
using FaceCluster.Detection;
using FaceCluster.Landmarks;
using FaceCluster.Storage;

namespace FaceCluster.Benchmarks;

/// <summary>A synthetic SQLite library built through the real store code (random unit embeddings), for the store benchmarks.</summary>
internal static class SyntheticPeopleLibrary
{
    /// <summary>
    /// Writes the library at <paramref name="db"/>: photos of 4 faces each through SaveOutcomes, people through
    /// ApplyGrouping (sizes falling like 1/rank), names through NamePerson; the last <paramref name="unassigned"/> faces
    /// (in id order) have no person. Returns the largest and a typical person.
    /// </summary>
    public static ((long Id, int Faces) Largest, (long Id, int Faces) Typical) Build(string db, string profile, int faces, int people, int unassigned, int named)
    {
        File.Delete(db);
        using var store = SqliteFaceStore.Open(db);
        var random = new Random(1);
        var landmarks = new FaceLandmarks(Enumerable.Range(0, 68).Select(i => new Point2(i, i)).ToImmutableArray());
        var total = faces + unassigned;
        for (var start = 0; start < total; start += 4000)
        {
            var photos = Enumerable.Range(start / 4, Math.Min(1000, (total - start + 3) / 4)).Select(p => new PhotoOutcome(
                $"/synthetic/{p / 1000:000}/{p:000000}.jpg", 1, 1, $"{p:x16}", 4000, 3000, PhotoStatus.Ok, null, profile,
                Enumerable.Range(0, 4).Select(i => new FaceRecord(new FaceBox(100 + i * 500, 100, 400, 400), 0.9f, 0.8f, landmarks, UnitVector(random))).ToList())).ToList();
            store.SaveOutcomes(photos, runId: 1);
        }

        var ids = store.ReadFaces(profile).Select(f => f.Id).ToArray();
        var weights = Enumerable.Range(1, people).Select(rank => 1.0 / rank).ToArray();
        var scale = (faces - people) / weights.Sum();
        var sizes = weights.Select(w => 1 + (int)(w * scale)).ToArray();
        sizes[0] += faces - sizes.Sum();
        var offset = 0;
        var groups = sizes.Select(size => new PersonAssignment(null, ids[offset..(offset += size)])).ToList();
        var personIds = store.ApplyGrouping(profile, groups);
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
