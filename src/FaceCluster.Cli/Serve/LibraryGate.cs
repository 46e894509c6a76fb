using FaceCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// The server's way into the library: reads open the store without the lock (like the CLI's reading commands);
/// a correction takes the library lock exactly as the CLI's corrections do, one at a time. While a run holds the
/// lock the correction is refused as busy before anything is written, so nothing is half done and nothing lost.
/// </summary>
public sealed class LibraryGate(ServeOptions options, HtmlPage page)
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public T Read<T>(Func<SqliteFaceStore, T> read)
    {
        using var store = SqliteFaceStore.Open(options.Database);
        return read(store);
    }

    public async Task<IResult> WriteAsync(Func<SqliteFaceStore, IResult> write, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            using var runLock = LibraryLock.Acquire(options.Database, "serve (a correction)");
            using var store = SqliteFaceStore.Open(options.Database);
            return write(store);
        }
        catch (LibraryLockedException ex)
        {
            return page.Busy(ex.Message);
        }
        catch (CorrectionException ex)
        {
            return page.Refused(ex.Message);
        }
        finally
        {
            _writes.Release();
        }
    }
}
