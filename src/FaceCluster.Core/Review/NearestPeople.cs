using FaceCluster.Indexing;
using FaceCluster.Storage;

namespace FaceCluster.Review;

/// <summary>
/// For the review queue: the person whose face is nearest to an unassigned face (the exact search 'search' uses).
/// The search holds every face of the profile, so it changes only when faces do (ingest), not with corrections or
/// 'group': the person of each neighbour is asked for at query time.
/// </summary>
public sealed class NearestPeople : IDisposable
{
    /// <summary>How many neighbours are looked through for one that belongs to someone.</summary>
    public const int Candidates = 16;

    private readonly BruteForceIndex? _index;

    private NearestPeople(BruteForceIndex? index) => _index = index;

    public static NearestPeople Build(IFaceStore store, string profile)
    {
        BruteForceIndex? index = null;
        foreach (var face in store.ReadFaces(profile))
        {
            index ??= new BruteForceIndex(face.Embedding.Length, store.CountFaces(profile));
            index.Add(face.Id, face.Embedding);
        }

        return new NearestPeople(index);
    }

    /// <summary>
    /// The person of the nearest other face that belongs to someone (<paramref name="personOf"/>), with the squared
    /// distance to that face; null when none of the nearest <see cref="Candidates"/> does.
    /// </summary>
    public (long PersonId, float Distance)? Suggest(StoredFace face, Func<long, long?> personOf)
    {
        if (_index is null || face.Embedding.Length != _index.Dimension)
        {
            return null;
        }

        Span<Neighbour> nearest = stackalloc Neighbour[Candidates];
        var found = _index.Search(face.Embedding, nearest);
        foreach (var neighbour in nearest[..found])
        {
            if (neighbour.Key != face.Id && personOf(neighbour.Key) is { } person)
            {
                return (person, neighbour.Distance);
            }
        }

        return null;
    }

    public void Dispose() => _index?.Dispose();
}
