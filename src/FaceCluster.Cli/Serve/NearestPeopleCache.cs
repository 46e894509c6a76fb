using FaceCluster.Review;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Keeps the review queue's nearest-person search between requests while the library stays as it was (same last run,
/// face count and latest correction); any change builds it afresh.
/// </summary>
public sealed class NearestPeopleCache(string profile)
{
    private readonly Lock _lock = new();
    private (long? Run, int Faces, long? Correction) _stamp;
    private NearestPeople? _nearest;

    /// <summary>The nearest person (and distance) of each unassigned face given; faces without one are left out.</summary>
    public IReadOnlyDictionary<long, (long PersonId, float Distance)> Suggest(SqliteFaceStore store, IEnumerable<long> faceIds)
    {
        var stamp = (store.LastRun()?.Id, store.CountFaces(profile), store.LoadCorrections(1).FirstOrDefault()?.Id);
        lock (_lock)
        {
            if (_nearest is null || stamp != _stamp)
            {
                _nearest?.Dispose();
                _nearest = NearestPeople.Build(store, profile);
                _stamp = stamp;
            }

            var nearest = _nearest;
            return faceIds.Select(id => (id, nearest.Suggest(id))).Where(s => s.Item2 is not null).ToDictionary(s => s.id, s => s.Item2!.Value);
        }
    }
}
