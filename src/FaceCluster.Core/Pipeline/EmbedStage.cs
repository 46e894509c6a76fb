using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>
/// The analyzer's embed step, on batches of aligned faces gathered across photos. A batch runs when it is full or when
/// no more faces are waiting; a photo leaves this stage once all its faces are embedded.
/// </summary>
public sealed class EmbedStage(FaceAnalyzer analyzer, string profile, TimeSpan batchWait, StageClock clock)
{
    private readonly List<(PhotoWork Work, FaceRecord?[] Faces, int Remaining)> _open = [];
    private readonly List<(int Photo, int Face)> _slots = [];

    public async Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            while (await input.WaitToReadAsync(cancellationToken))
            {
                while (input.TryRead(out var work))
                {
                    if (work.Outcome is not null)
                    {
                        await output.WriteAsync(work, cancellationToken);
                    }
                    else if (work.Faces!.Count == 0)
                    {
                        await output.WriteAsync(work with { Outcome = Outcomes.Done(work, work.Width, work.Height, profile, []) }, cancellationToken);
                    }
                    else
                    {
                        await AddAsync(work, output, cancellationToken);
                    }
                }

                if (_slots.Count > 0 && !await MoreSoonAsync(input, cancellationToken))
                {
                    await FlushAsync(output, cancellationToken);
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            foreach (var (work, _, _) in _open)
            {
                foreach (var face in work.Faces!)
                {
                    face.Release();
                }
            }

            output.TryComplete(error);
        }
    }

    /// <summary>True when more work arrives within the batch wait; false when the input is idle or finished.</summary>
    private async Task<bool> MoreSoonAsync(ChannelReader<PhotoWork> input, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(batchWait);
        try
        {
            return await input.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task AddAsync(PhotoWork work, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken)
    {
        _open.Add((work, new FaceRecord?[work.Faces!.Count], work.Faces.Count));
        var photo = _open.Count - 1;
        for (var i = 0; i < work.Faces.Count; i++)
        {
            if (_slots.Count == analyzer.BatchCapacity)
            {
                await FlushAsync(output, cancellationToken);
                photo = _open.FindIndex(o => ReferenceEquals(o.Work, work));
            }

            _slots.Add((photo, i));
        }
    }

    private async Task FlushAsync(ChannelWriter<PhotoWork> output, CancellationToken cancellationToken)
    {
        if (_slots.Count == 0)
        {
            return;
        }

        var batch = _slots.Select(s => _open[s.Photo].Work.Faces![s.Face]).ToList();
        var vectors = clock.Time("embed", () => analyzer.Embed(batch));
        for (var s = 0; s < _slots.Count; s++)
        {
            var (photo, index) = _slots[s];
            var (work, faces, remaining) = _open[photo];
            var aligned = batch[s];
            faces[index] = new FaceRecord(aligned.Detection.Box, aligned.Detection.Score, aligned.Quality, aligned.Landmarks, vectors[s]);
            aligned.Release();
            _open[photo] = (work, faces, remaining - 1);
        }

        _slots.Clear();
        for (var i = 0; i < _open.Count; i++)
        {
            var (work, faces, remaining) = _open[i];
            if (remaining == 0)
            {
                await output.WriteAsync(work with { Faces = null, Outcome = Outcomes.Done(work, work.Width, work.Height, profile, faces!) }, cancellationToken);
            }
        }

        _open.RemoveAll(o => o.Remaining == 0);
    }
}
