using Microsoft.Win32.SafeHandles;

namespace FaceCluster.Indexing;

/// <summary>Owns a native USearch index so it is freed exactly once, even when a caller forgets to dispose.</summary>
internal sealed class USearchHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public USearchHandle()
        : base(ownsHandle: true)
    {
    }

    public USearchHandle(nint handle)
        : base(ownsHandle: true)
    {
        SetHandle(handle);
    }

    protected override bool ReleaseHandle()
    {
        USearchNative.usearch_free(handle, out _);
        return true;
    }
}
