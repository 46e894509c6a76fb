namespace FaceCluster.Decoding;

/// <summary>Limits enforced before any pixel is allocated, so hostile files cannot exhaust memory.</summary>
public sealed class DecodeLimits
{
    /// <summary>Files larger than this are refused unread (default 200 MB).</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Images whose header claims more pixels are refused (default 100 megapixels).</summary>
    public long MaxPixels { get; set; } = 100_000_000;

    /// <summary>Images wider or taller than this are refused (default 30000).</summary>
    public int MaxDimension { get; set; } = 30_000;

    /// <summary>
    /// A RAW file's embedded preview is used when its longer side has at least this many pixels (default 1024); a
    /// smaller one only when the raw data cannot be decoded.
    /// </summary>
    public int MinRawPreviewSide { get; set; } = 1024;

    /// <summary>
    /// A decode still running after this long is cancelled and abandoned, and the photo recorded as failed, so one
    /// pathological file cannot stall the night.
    /// </summary>
    public TimeSpan MaxDecodeTime { get; set; } = TimeSpan.FromSeconds(60);
}
