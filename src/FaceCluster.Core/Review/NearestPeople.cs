using FaceCluster.Indexing;
using FaceCluster.Storage;

namespace FaceCluster.Review;

/// <summary>
/// For the review queue: the person whose face is nearest to an unassigned face (the same exact search 'search' uses,
/// over the faces that belong to someone). Built once per state of the library and then asked per face.
/// </summary>
public sealed class NearestPeople : IDisposable
{
    private readonly BruteForceIndex? _index;
    private readonly IReadOnlyDictionary<long, long> _personOf;
    private readonly Dictionary<long, float[]> _unassigned;

    private NearestPeople(BruteForceIndex? index, IReadOnlyDictionary<long, long> personOf, Dictionary<long, float[]> unassigned)
    {
        _index = index;
        _personOf = personOf;
        _unassigned = unassigned;
    }

    public static NearestPeople Build(IFaceStore store, string profile)
    {
        var personOf = store.LoadAssignments(profile);
        var unassigned = new Dictionary<long, float[]>();
        BruteForceIndex? index = null;
        foreach (var face in store.ReadFaces(profile))
        {
            if (!personOf.ContainsKey(face.Id))
            {
                unassigned[face.Id] = face.Embedding;
                continue;
            }

            index ??= new BruteForceIndex(face.Embedding.Length, personOf.Count);
            index.Add(face.Id, face.Embedding);
        }

        return new NearestPeople(index, personOf, unassigned);
    }

    /// <summary>The nearest person to an unassigned face and the squared distance to its nearest face; null when there is none.</summary>
    public (long PersonId, float Distance)? Suggest(long faceId)
    {
        if (_index is null || !_unassigned.TryGetValue(faceId, out var embedding))
        {
            return null;
        }

        Span<Neighbour> nearest = stackalloc Neighbour[1];
        return _index.Search(embedding, nearest) == 1 ? (_personOf[nearest[0].Key], nearest[0].Distance) : null;
    }

    public void Dispose() => _index?.Dispose();
}
