using FaceCluster.Storage;

namespace FaceCluster.Tests.Storage;

/// <summary>
/// Tests written once for every backend: a subclass only says where a new library lives; the stores opened here are
/// closed when the test ends.
/// </summary>
public abstract class BackendTests : IDisposable
{
    private readonly List<IFaceStore> _open = [];

    /// <summary>The Database setting of a new, empty library (a file path or a connection string).</summary>
    protected abstract string NewLibrary();

    protected IFaceStore Open(string library)
    {
        var store = LibraryStores.Open(LibraryLocation.Parse(library), mayCreate: true);
        _open.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        _open.ForEach(s => s.Dispose());
        GC.SuppressFinalize(this);
    }
}
