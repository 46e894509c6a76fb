using System.Collections.Immutable;
using FaceCluster.Detection;
using FaceCluster.Landmarks;
using FaceCluster.Storage;

namespace FaceCluster.Tests.Storage;

/// <summary>Small real rows for store tests: photos with faces whose embeddings are distinct unit vectors.</summary>
internal static class StoreTestData
{
    public static PhotoOutcome Photo(string path, int faces, int seed = 0) => new(
        path, 1000 + faces, 1_700_000_000_000, $"hash-{path}", 640, 480, PhotoStatus.Ok, null, "faceapi",
        Enumerable.Range(0, faces).Select(i => Face(seed * 100 + i)).ToList());

    public static FaceRecord Face(int seed)
    {
        var random = new Random(seed);
        var embedding = Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var norm = MathF.Sqrt(embedding.Sum(v => v * v));
        return new FaceRecord(new FaceBox(10 + seed, 20, 50, 60), 0.9f, 0.8f,
            new FaceLandmarks(Enumerable.Range(0, 68).Select(i => new Point2(i, i)).ToImmutableArray()),
            embedding.Select(v => v / norm).ToArray());
    }
}
