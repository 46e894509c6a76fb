using System.Buffers;
using System.Runtime.ExceptionServices;
using Cloud.Unum.USearch;
using static FaceCluster.Indexing.USearchNative;

namespace FaceCluster.Indexing;

/// <summary>
/// Approximate k-NN over an HNSW graph built by USearch (float32 vectors, squared-L2 metric), for libraries too large to
/// scan. Results are sorted closest first and their distances are squared L2, like <see cref="BruteForceIndex"/>.
/// </summary>
/// <remarks>
/// The metric is USearch's L2sq rather than cosine or inner product: it returns the squared L2 distance itself, so no
/// conversion is involved and vectors that are not exactly unit length still get true distances.
/// <para>
/// Threading: any number of threads may <see cref="Search(ReadOnlySpan{float}, Span{Neighbour})"/> at once (calls beyond
/// <see cref="HnswOptions.Threads"/> wait for one of USearch's per-thread contexts). <see cref="Add"/>,
/// <see cref="AddRange"/>, <see cref="Save"/> and <see cref="Dispose"/> must not overlap with other calls;
/// <see cref="AddRange"/> itself adds on <see cref="HnswOptions.Threads"/> threads, so the graph (not its content) depends
/// on scheduling.
/// </para>
/// </remarks>
public sealed unsafe class HnswIndex : IVectorIndex
{
    /// <summary>Above this many neighbours per query the key/distance buffers come from the pool instead of the stack.</summary>
    private const int StackResultLimit = 256;

    private readonly USearchHandle _handle;
    private readonly SemaphoreSlim _searchSlots;
    private int _capacity;

    /// <summary>Creates an empty index for vectors of <paramref name="dimension"/> values.</summary>
    public HnswIndex(int dimension, HnswOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        Options = options ?? HnswOptions.Default;
        Dimension = dimension;
        var init = new InitOptions
        {
            MetricKind = MetricKind.L2sq,
            Quantization = ScalarKind.Float32,
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)Options.Connectivity,
            ExpansionAdd = (nuint)Options.ExpansionAdd,
            ExpansionSearch = (nuint)Options.ExpansionSearch,
        };
        _handle = Initialise(&init);
        _searchSlots = new SemaphoreSlim(Options.Threads, Options.Threads);
        ApplyThreads();
    }

    private HnswIndex(USearchHandle handle, int dimension, HnswOptions options)
    {
        _handle = handle;
        Dimension = dimension;
        Options = options;
        _searchSlots = new SemaphoreSlim(Options.Threads, Options.Threads);
        _capacity = checked((int)usearch_capacity(_handle, out _));
        usearch_change_expansion_add(_handle, (nuint)Options.ExpansionAdd, out var error);
        ThrowIfError(error, "setting the add expansion");
        usearch_change_expansion_search(_handle, (nuint)Options.ExpansionSearch, out error);
        ThrowIfError(error, "setting the search expansion");
        ApplyThreads();
    }

    public HnswOptions Options { get; }

    public int Dimension { get; }

    public int Count => checked((int)usearch_size(_handle, out _));

    /// <summary>Links per node of the graph actually in use (a loaded index keeps the value it was built with).</summary>
    public int Connectivity => checked((int)usearch_connectivity(_handle, out _));

    /// <summary>Bytes of native memory the index holds (vectors, graph and per-thread contexts).</summary>
    public long MemoryUsageBytes => checked((long)usearch_memory_usage(_handle, out _));

    /// <summary>
    /// Opens an index written by <see cref="Save"/>. The file's header is checked first: it must hold float32 vectors of
    /// <paramref name="dimension"/> values under the squared-L2 metric, otherwise this throws
    /// <see cref="VectorIndexException"/> (a stale or foreign file is an error, not something to search). The search
    /// settings and thread count come from <paramref name="options"/>; the graph's connectivity comes from the file.
    /// </summary>
    public static HnswIndex Load(string path, int dimension, HnswOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No index file at '{path}'.", path);
        }

        var header = default(InitOptions);
        usearch_metadata(path, &header, out var error);
        ThrowIfError(error, $"reading the header of '{path}'");
        if (header.MetricKind != MetricKind.L2sq || header.Quantization != ScalarKind.Float32 || (int)header.Dimensions != dimension)
        {
            throw new VectorIndexException(
                $"'{path}' holds {header.Dimensions}-d {header.Quantization} vectors under {header.MetricKind}; expected {dimension}-d Float32 under L2sq.");
        }

        options ??= HnswOptions.Default;
        var init = new InitOptions
        {
            MetricKind = MetricKind.L2sq,
            Quantization = ScalarKind.Float32,
            Dimensions = (nuint)dimension,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        var handle = Initialise(&init);
        try
        {
            usearch_load(handle, path, out error);
            ThrowIfError(error, $"loading '{path}'");
            return new HnswIndex(handle, dimension, options);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Makes room for <paramref name="capacity"/> vectors in total, so adding does not reallocate.</summary>
    public void Reserve(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        if (capacity <= _capacity)
        {
            return;
        }

        usearch_reserve(_handle, (nuint)capacity, out var error);
        ThrowIfError(error, $"reserving room for {capacity} vectors");
        _capacity = capacity;

        // Reserving may reset USearch's per-thread context counts to its own default, so ours are applied again.
        ApplyThreads();
    }

    public bool Contains(long key) => key >= 0 && usearch_contains(_handle, (ulong)key, out _);

    public void Add(long key, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        if (vector.Length != Dimension)
        {
            throw new ArgumentException($"Expected a vector of {Dimension} values, got {vector.Length}.", nameof(vector));
        }

        var needed = Count + 1;
        if (needed > _capacity)
        {
            // Doubling keeps a run of single adds linear overall; USearch itself grows only to the size asked for.
            Reserve(Math.Max(needed, Math.Max(1024, _capacity * 2)));
        }

        fixed (float* pointer = vector)
        {
            usearch_add(_handle, (ulong)key, pointer, ScalarKind.Float32, out var error);
            ThrowIfError(error, $"adding key {key}");
        }
    }

    /// <summary>Adds the vectors on <see cref="HnswOptions.Threads"/> threads; USearch locks the graph per node.</summary>
    public void AddRange(ReadOnlyMemory<long> keys, ReadOnlyMemory<float> vectors)
    {
        if ((long)keys.Length * Dimension != vectors.Length)
        {
            throw new ArgumentException($"{keys.Length} keys need {(long)keys.Length * Dimension} values, got {vectors.Length}.", nameof(vectors));
        }

        foreach (var key in keys.Span)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(key, nameof(keys));
        }

        Reserve(Count + keys.Length);
        using var pin = vectors.Pin();
        var basePointer = (float*)pin.Pointer;
        var dimension = Dimension;
        try
        {
            Parallel.For(0, keys.Length, new ParallelOptions { MaxDegreeOfParallelism = Options.Threads }, i =>
            {
                var key = keys.Span[i];
                usearch_add(_handle, (ulong)key, basePointer + (long)i * dimension, ScalarKind.Float32, out var error);
                ThrowIfError(error, $"adding key {key}");
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }
    }

    public int Search(ReadOnlySpan<float> query, Span<Neighbour> destination)
    {
        if (query.Length != Dimension)
        {
            throw new ArgumentException($"Expected a query of {Dimension} values, got {query.Length}.", nameof(query));
        }

        var k = destination.Length;
        if (k == 0)
        {
            return 0;
        }

        ulong[]? rentedKeys = null;
        float[]? rentedDistances = null;
        var keys = k <= StackResultLimit ? stackalloc ulong[k] : (rentedKeys = ArrayPool<ulong>.Shared.Rent(k)).AsSpan(0, k);
        var distances = k <= StackResultLimit ? stackalloc float[k] : (rentedDistances = ArrayPool<float>.Shared.Rent(k)).AsSpan(0, k);
        try
        {
            nuint found;
            _searchSlots.Wait();
            try
            {
                fixed (float* queryPointer = query)
                fixed (ulong* keyPointer = keys)
                fixed (float* distancePointer = distances)
                {
                    found = usearch_search(_handle, queryPointer, ScalarKind.Float32, (nuint)k, keyPointer, distancePointer, out var error);
                    ThrowIfError(error, "searching");
                }
            }
            finally
            {
                _searchSlots.Release();
            }

            for (var i = 0; i < (int)found; i++)
            {
                destination[i] = new Neighbour((long)keys[i], distances[i]);
            }

            return (int)found;
        }
        finally
        {
            if (rentedKeys is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedKeys);
            }

            if (rentedDistances is not null)
            {
                ArrayPool<float>.Shared.Return(rentedDistances);
            }
        }
    }

    /// <summary>Writes the index to <paramref name="path"/> atomically (temporary file, flush, rename).</summary>
    public void Save(string path) => AtomicFile.Replace(path, temporary =>
    {
        usearch_save(_handle, temporary, out var error);
        ThrowIfError(error, $"saving to '{temporary}'");
    });

    public void Dispose()
    {
        _handle.Dispose();
        _searchSlots.Dispose();
    }

    private static USearchHandle Initialise(InitOptions* init)
    {
        var pointer = usearch_init(init, out var error);
        if (error != 0)
        {
            if (pointer != 0)
            {
                usearch_free(pointer, out _);
            }

            ThrowIfError(error, "creating an index");
        }

        return pointer != 0 ? new USearchHandle(pointer) : throw new VectorIndexException("USearch could not create an index.");
    }

    private void ApplyThreads()
    {
        usearch_change_threads_add(_handle, (nuint)Options.Threads, out var error);
        ThrowIfError(error, "setting the add threads");
        usearch_change_threads_search(_handle, (nuint)Options.Threads, out error);
        ThrowIfError(error, "setting the search threads");
    }
}
