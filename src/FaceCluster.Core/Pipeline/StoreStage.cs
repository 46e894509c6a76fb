using System.Diagnostics;
using System.Threading.Channels;
using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>
/// The single writer: groups finished photos into transactions (each photo with all its faces, or not at all). On
/// cancellation it still commits every photo that had finished, so a stopped run keeps all completed work.
/// </summary>
public sealed class StoreStage(IFaceStore store, long runId, IngestOptions options, IngestCounters counters, StageClock clock)
{
    private readonly List<PhotoWork> _pending = [];
    private long _lastCommit = Stopwatch.GetTimestamp();

    public async Task RunAsync(ChannelReader<PhotoWork> input, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await foreach (var work in input.ReadAllAsync(cancellationToken))
            {
                _pending.Add(work);
                if (_pending.Count >= options.StoreBatch || Stopwatch.GetElapsedTime(_lastCommit) >= options.StoreInterval)
                {
                    Commit();
                }
            }
        }
        catch (OperationCanceledException)
        {
            while (input.TryRead(out var finished))
            {
                _pending.Add(finished);
            }

            throw;
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            CommitLast(failure);
        }
    }

    /// <summary>
    /// Commits what finished before the stage ended. After a failure (a failed commit, or an upstream fault) that
    /// failure is the cause: a last commit that fails as well, often the same broken database again, is reported with
    /// it, never instead of it.
    /// </summary>
    private void CommitLast(Exception? failure)
    {
        try
        {
            Commit();
        }
        catch (Exception again) when (failure is not null)
        {
            throw new AggregateException(failure, again);
        }
    }

    private void Commit()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        clock.Time("store", () =>
        {
            store.SaveOutcomes(_pending.Select(w => w.Outcome!).ToList(), runId);
            return 0;
        });
        foreach (var work in _pending)
        {
            var outcome = work.Outcome!;
            if (outcome.Faces is null)
            {
                counters.AddUnchanged();
            }
            else
            {
                counters.AddStored(work.IsNew, outcome.Status is PhotoStatus.Failed or PhotoStatus.ProcessingFailed, outcome.Faces.Count);
            }
        }

        _pending.Clear();
        _lastCommit = Stopwatch.GetTimestamp();
    }
}
