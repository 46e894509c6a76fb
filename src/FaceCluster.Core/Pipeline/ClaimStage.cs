using System.Threading.Channels;
using FaceCluster.Scanning;
using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>
/// Between scan and decode when several workers share a library: what this worker's scan found goes into the shared
/// queue, and what the decoders get is only what this worker claimed from it, a small batch at a time (the output
/// channel holds one batch, so a worker never hoards photos another could be working on). It ends when its scan is
/// complete and the queue holds nothing unfinished but its own claims (the stages after it finish those once it
/// ends); photos another worker still holds are waited for, since their lease runs out if that worker died. While the run lasts, <see cref="KeepLeases"/> renews this worker's claims.
/// </summary>
public sealed class ClaimStage(IPhotoQueue queue, IReadOnlyDictionary<string, PhotoRecord> index, IngestOptions options, string worker)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(ChannelReader<PhotoWork> scanned, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        var since = queue.ServerNow();
        try
        {
            var enqueue = EnqueueAsync(scanned, since, cancellationToken);
            while (true)
            {
                var claimed = queue.Claim(worker, options.ClaimBatch, options.ClaimLease);
                foreach (var photo in claimed)
                {
                    var file = new ScannedFile(photo.Path, photo.Size, photo.MtimeMs, index.GetValueOrDefault(photo.Path), photo.Problem);
                    await output.WriteAsync(new PhotoWork(file), cancellationToken);
                }

                if (claimed.Count > 0)
                {
                    continue;
                }

                if (enqueue.IsCompleted)
                {
                    await enqueue;
                    if (queue.UnfinishedByOthers(worker) == 0)
                    {
                        break;
                    }
                }

                await Task.Delay(Idle, cancellationToken);
            }
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            output.TryComplete(error);
        }
    }

    /// <summary>
    /// Renews this worker's claims every third of a lease until disposed, then gives back those it did not finish (a
    /// cancelled or failed run). Dispose it only after the store stage ended, or a photo still on its way would be
    /// handed to another worker too.
    /// </summary>
    public IDisposable KeepLeases() => new LeaseKeeper(queue, worker, options.ClaimLease);

    private sealed class LeaseKeeper : IDisposable
    {
        private readonly IPhotoQueue _queue;
        private readonly string _worker;
        private readonly Timer _timer;

        public LeaseKeeper(IPhotoQueue queue, string worker, TimeSpan lease)
        {
            (_queue, _worker) = (queue, worker);
            _timer = new Timer(_ => Renew(lease), null, lease / 3, lease / 3);
        }

        private void Renew(TimeSpan lease)
        {
            try
            {
                _queue.Renew(_worker, lease);
            }
            catch (StoreException)
            {
                // The database is unreachable: the store stage fails on its own, and the claims simply expire.
            }
        }

        public void Dispose()
        {
            using (var done = new ManualResetEvent(false))
            {
                // Waits for a renewal in progress, so none runs after the claims are given back.
                _timer.Dispose(done);
                done.WaitOne();
            }

            _queue.Release(_worker);
        }
    }

    /// <summary>Queues what the scan sends, in batches of what is ready (at most one claim batch waits unqueued).</summary>
    private async Task EnqueueAsync(ChannelReader<PhotoWork> scanned, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var batch = new List<QueuedPhoto>();
        while (await scanned.WaitToReadAsync(cancellationToken))
        {
            while (batch.Count < 256 && scanned.TryRead(out var work))
            {
                batch.Add(new QueuedPhoto(work.File.Path, work.File.Size, work.File.MtimeMs, work.File.Problem));
            }

            queue.Enqueue(batch, since);
            batch.Clear();
        }
    }
}
