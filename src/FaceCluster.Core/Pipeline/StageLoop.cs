using System.Threading.Channels;

namespace FaceCluster.Pipeline;

/// <summary>
/// The shape every one-in-one-out stage shares: K workers read the same channel, photos that already have an outcome
/// pass straight through, and the stage (never a worker) completes its output once, forwarding any error downstream.
/// </summary>
internal static class StageLoop
{
    public static async Task RunAsync(
        ChannelReader<PhotoWork> input,
        ChannelWriter<PhotoWork> output,
        int workers,
        Func<PhotoWork, PhotoWork> process,
        CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            var tasks = new Task[workers];
            for (var i = 0; i < workers; i++)
            {
                tasks[i] = Task.Run(async () =>
                {
                    await foreach (var work in input.ReadAllAsync(cancellationToken))
                    {
                        await output.WriteAsync(work.Outcome is null ? process(work) : work, cancellationToken);
                    }
                }, cancellationToken);
            }

            await Task.WhenAll(tasks);
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
}
