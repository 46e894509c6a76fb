namespace FaceCluster.Pipeline;

/// <summary>Live counters of a running ingest, safe to read from a progress display on another thread.</summary>
public sealed class IngestCounters
{
    private int _seen;
    private int _new;
    private int _changed;
    private int _unchanged;
    private int _failed;
    private int _stored;
    private int _faces;

    public int Seen => Volatile.Read(ref _seen);

    public int New => Volatile.Read(ref _new);

    public int Changed => Volatile.Read(ref _changed);

    public int Unchanged => Volatile.Read(ref _unchanged);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Photos written to the database this run (new, changed or failed).</summary>
    public int Stored => Volatile.Read(ref _stored);

    public int Faces => Volatile.Read(ref _faces);

    /// <summary>True once the scan has finished, so <see cref="Seen"/> is the total.</summary>
    public bool ScanComplete { get; internal set; }

    internal void AddSeen() => Interlocked.Increment(ref _seen);

    internal void AddUnchanged() => Interlocked.Increment(ref _unchanged);

    internal void AddStored(bool isNew, bool failed, int faces)
    {
        Interlocked.Increment(ref _stored);
        Interlocked.Increment(ref isNew ? ref _new : ref _changed);
        if (failed)
        {
            Interlocked.Increment(ref _failed);
        }

        Interlocked.Add(ref _faces, faces);
    }
}
