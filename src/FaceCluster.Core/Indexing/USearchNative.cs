using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace FaceCluster.Indexing;

/// <summary>
/// Direct calls into the C library that ships in the Cloud.Unum.USearch package. The package's managed wrapper takes
/// <c>float[]</c> per vector, allocates two result arrays per query, re-reserves capacity one vector at a time and exposes
/// no thread settings; calling the same exported C functions with pointers avoids all of that. The enums are the
/// package's own; <see cref="InitOptions"/> mirrors <c>usearch_init_options_t</c> from usearch.h with a byte for the C
/// <c>bool</c>, which keeps it blittable for source-generated marshalling (the package's struct has a managed bool).
/// </summary>
internal static unsafe partial class USearchNative
{
    private const string Library = "libusearch_c";

    [LibraryImport(Library)]
    public static partial nint usearch_init(InitOptions* options, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_free(nint index, out nint error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void usearch_save(USearchHandle index, string path, out nint error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void usearch_load(USearchHandle index, string path, out nint error);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void usearch_metadata(string path, InitOptions* options, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_size(USearchHandle index, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_capacity(USearchHandle index, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_dimensions(USearchHandle index, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_connectivity(USearchHandle index, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_memory_usage(USearchHandle index, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_reserve(USearchHandle index, nuint capacity, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_change_expansion_add(USearchHandle index, nuint expansion, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_change_expansion_search(USearchHandle index, nuint expansion, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_change_threads_add(USearchHandle index, nuint threads, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_change_threads_search(USearchHandle index, nuint threads, out nint error);

    [LibraryImport(Library)]
    public static partial void usearch_add(USearchHandle index, ulong key, float* vector, ScalarKind kind, out nint error);

    [LibraryImport(Library)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool usearch_contains(USearchHandle index, ulong key, out nint error);

    [LibraryImport(Library)]
    public static partial nuint usearch_search(
        USearchHandle index, float* query, ScalarKind kind, nuint count, ulong* keys, float* distances, out nint error);

    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public MetricKind MetricKind;
        public nint Metric;
        public ScalarKind Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        public byte Multi;
    }

    /// <summary>Error strings are static in the library and must not be freed.</summary>
    public static void ThrowIfError(nint error, string operation)
    {
        if (error != 0)
        {
            throw new VectorIndexException($"USearch {operation} failed: {Marshal.PtrToStringUTF8(error)}");
        }
    }
}
