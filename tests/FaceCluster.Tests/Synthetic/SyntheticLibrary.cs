using System.Collections.Immutable;
using FaceCluster.Detection;
using FaceCluster.Landmarks;
using FaceCluster.Storage;

namespace FaceCluster.Tests.Synthetic;

/// <summary>
/// Writes a <see cref="SyntheticFaceSet"/> into a real library through <see cref="IFaceStore.SaveOutcomes"/>: one
/// photo row per synthetic photo id (<c>/synthetic/ID.jpg</c>) with its faces, so group photos keep their same-photo
/// rule. Libraries written from the same set in the same way hold the same face ids.
/// </summary>
public static class SyntheticLibrary
{
    private static readonly FaceLandmarks Landmarks = new(Enumerable.Range(0, 68).Select(i => new Point2(i, i)).ToImmutableArray());

    /// <summary>Stores the set's photos (those whose id <paramref name="include"/> accepts, when given), 1000 per transaction.</summary>
    public static void Save(IFaceStore store, SyntheticFaceSet data, Func<long, bool>? include = null, string profile = "faceapi")
    {
        var photos = Enumerable.Range(0, data.Count).Where(row => include?.Invoke(data.PhotoIds[row]) ?? true).GroupBy(row => data.PhotoIds[row]).Select(rows => new PhotoOutcome(
            $"/synthetic/{rows.Key}.jpg", 1, 1, $"{rows.Key:x16}", 4000, 3000, PhotoStatus.Ok, null, profile,
            rows.Select((row, i) => new FaceRecord(new FaceBox(100 + (i * 500), 100, 400, 400), 0.9f, 0.8f, Landmarks, data.Row(row).ToArray())).ToList()));
        foreach (var chunk in photos.Chunk(1000))
        {
            store.SaveOutcomes(chunk, runId: 1);
        }
    }
}
