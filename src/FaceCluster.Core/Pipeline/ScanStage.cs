using System.Threading.Channels;
using FaceCluster.Scanning;
using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>
/// The producer: scans the roots and sends on only files that are new or whose size or mtime changed. A file that is
/// unchanged (or was found bad before and is still the same) costs one stat and nothing more.
/// </summary>
public sealed class ScanStage(PhotoScanner scanner, IReadOnlyDictionary<string, PhotoRecord> index, string profile, IngestCounters counters)
{
    /// <summary>Every path the scan saw, for marking vanished photos after a complete scan.</summary>
    public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync(IReadOnlyList<string> roots, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (var (path, size, mtime, problem) in scanner.ScanAsync(roots, cancellationToken))
            {
                if (!Seen.Add(path))
                {
                    continue;
                }

                counters.AddSeen();
                var previous = index.GetValueOrDefault(path);
                if (IsUnchanged(previous, size, mtime))
                {
                    counters.AddUnchanged();
                    continue;
                }

                await output.WriteAsync(new PhotoWork(new ScannedFile(path, size, mtime, previous, problem)), cancellationToken);
            }

            counters.ScanComplete = true;
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
    /// A file that failed on its own account stays failed until it changes; one that failed in a later stage
    /// (<see cref="PhotoStatus.ProcessingFailed"/>) is tried again.
    /// </summary>
    private bool IsUnchanged(PhotoRecord? previous, long size, long mtime) =>
        previous is not null
        && previous.Size == size
        && previous.MtimeMs == mtime
        && (previous.Status == PhotoStatus.Failed || (previous.Status == PhotoStatus.Ok && previous.Profile == profile));
}
