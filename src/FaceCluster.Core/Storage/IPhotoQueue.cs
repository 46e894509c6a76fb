namespace FaceCluster.Storage;

/// <summary>
/// The shared work queue of a library that several ingest workers fill and drain at once (PostgreSQL). Each worker
/// enqueues what its own scan found new or changed, then claims small batches; a claim is a lease that expires, so
/// the photos of a worker that died go back to the pool, and storing a photo finishes its queue entry in the same
/// transaction (<see cref="IFaceStore.SaveOutcomes"/>). A library without it (SQLite) has a single writer.
/// </summary>
public interface IPhotoQueue
{
    /// <summary>The database server's clock: when this worker started, for <see cref="Enqueue"/>.</summary>
    DateTimeOffset ServerNow();

    /// <summary>
    /// Adds photos to the queue. A photo already waiting stays as it is; one finished since <paramref name="since"/>
    /// (by another worker of this session) is not queued again unless its file changed; one finished before is.
    /// </summary>
    void Enqueue(IReadOnlyList<QueuedPhoto> photos, DateTimeOffset since);

    /// <summary>Claims up to <paramref name="count"/> waiting photos nobody holds (or whose lease ran out) for <paramref name="lease"/>.</summary>
    IReadOnlyList<QueuedPhoto> Claim(string worker, int count, TimeSpan lease);

    /// <summary>Extends the lease of the worker's unfinished claims: a live worker keeps its photos however long they take.</summary>
    void Renew(string worker, TimeSpan lease);

    /// <summary>
    /// Photos queued and not finished, claimed or not, except those <paramref name="worker"/> holds (its own are
    /// finished when its pipeline drains, which waits for this stage to end).
    /// </summary>
    int UnfinishedByOthers(string worker);

    /// <summary>Gives the worker's unfinished claims back at once (a worker that stops early).</summary>
    void Release(string worker);
}

/// <summary>A photo in the queue: what the scan of the worker that queued it saw.</summary>
public sealed record QueuedPhoto(string Path, long Size, long MtimeMs, string? Problem);
