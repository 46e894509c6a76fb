using FaceCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// The server's way into the library, SQLite or PostgreSQL alike: reads open the store without the lock (like the
/// CLI's reading commands); a correction takes the library lock exclusively, exactly as the CLI's corrections do, one
/// at a time. While a run holds the lock the correction is refused as busy before anything is written, so nothing is
/// half done and nothing lost.
/// </summary>
public sealed class LibraryGate(ServeOptions options, HtmlPage page) : IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    // A PostgreSQL store takes a pooled connection per call, so one serves every read (opening one per request would
    // build a new pool and check the schema each time); an SQLite store holds one connection, so each read opens its own.
    private readonly IFaceStore? _sharedReads = options.Location.IsServer ? LibraryStores.Open(options.Location, mayCreate: false) : null;

    public T Read<T>(Func<IFaceStore, T> read)
    {
        if (_sharedReads is not null)
        {
            return read(_sharedReads);
        }

        using var store = LibraryStores.Open(options.Location, mayCreate: false);
        return read(store);
    }

    public void Dispose() => _sharedReads?.Dispose();

    public async Task<IResult> WriteAsync(Func<IFaceStore, IResult> write, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            using var runLock = LibraryStores.Lock(options.Location, "serve (a correction)", shared: false);
            using var store = LibraryStores.Open(options.Location, mayCreate: false);
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
