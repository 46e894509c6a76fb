using FaceCluster.Review;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Keeps the review queue's nearest-person search while the faces stay as they were (same last ingest, same count);
/// built at start so the first review page need not wait for it, and again after an ingest.
/// </summary>
public sealed class NearestPeopleCache(string profile)
{
    private readonly Lock _lock = new();
    private (long? Ingest, int Faces) _stamp;
    private NearestPeople? _nearest;

    /// <summary>
    /// The nearest person (and distance) of each unassigned face given, never one the face was rejected from; faces
    /// without one are left out.
    /// </summary>
    public IReadOnlyDictionary<long, (long PersonId, float Distance)> Suggest(IFaceStore store, IEnumerable<long> faceIds)
    {
        var rejected = store.LoadRejections(profile).ToHashSet();
        lock (_lock)
        {
            var nearest = Current(store);
            return faceIds.Select(store.GetFace).OfType<StoredFace>()
                .Select(face => (face.Id, Best: nearest.Suggest(face, neighbour =>
                    store.GetReviewFace(neighbour)?.PersonId is { } person && !rejected.Contains((face.Id, person)) ? person : null)))
                .Where(s => s.Best is not null).ToDictionary(s => s.Id, s => s.Best!.Value);
        }
    }

    /// <summary>Builds the search ahead of the first request.</summary>
    public void Warm(IFaceStore store)
    {
        lock (_lock)
        {
            Current(store);
        }
    }

    private NearestPeople Current(IFaceStore store)
    {
        var stamp = (store.LastRun("ingest")?.Id, store.CountFaces(profile));
        if (_nearest is null || stamp != _stamp)
        {
            _nearest?.Dispose();
            _nearest = NearestPeople.Build(store, profile);
            _stamp = stamp;
        }

        return _nearest;
    }
}
