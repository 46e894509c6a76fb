using FaceCluster.Decoding;

namespace FaceCluster.Pipeline;

/// <summary>Channel capacities and stage parallelism of the ingest pipeline (appsettings.json "Ingest").</summary>
public sealed class IngestOptions
{
    /// <summary>Parallel decoders; decoding is the most CPU-hungry stage for large photos.</summary>
    public int DecodeWorkers { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>
    /// Parallel detectors, each with its own ONNX session: detection is the busiest stage on photos of a few megapixels
    /// or less, and a second detector keeps both cores busy there (docs/results).
    /// </summary>
    public int DetectWorkers { get; set; } = Math.Min(2, Environment.ProcessorCount);

    /// <summary>
    /// A JPEG at least twice this long is decoded at 1/2, 1/4 or 1/8 scale, no shorter than this, for detection; faces
    /// too small there are aligned from full-size regions. The detector looks at 512x512; 1000 takes 12 and 48 MP photos
    /// (4000 and 8000 wide) to 1/4 and 1/8 and leaves 2 MP photos whole, whose full decode costs little (docs/results).
    /// 0 decodes every photo at full size.
    /// </summary>
    public int ReducedDecodeSide { get; set; } = 1000;

    /// <summary>Scanned files waiting for a decoder.</summary>
    public int ScanCapacity { get; set; } = 256;

    /// <summary>Decoded photos waiting for the detector; small, because a decoded 12-megapixel photo holds 36 MB.</summary>
    public int DecodedCapacity { get; set; } = 2;

    /// <summary>Photos with detections waiting for landmarks and alignment.</summary>
    public int DetectedCapacity { get; set; } = 2;

    /// <summary>Photos with aligned faces waiting to be embedded.</summary>
    public int AlignedCapacity { get; set; } = 8;

    /// <summary>Embedded photos waiting to be written.</summary>
    public int StoreCapacity { get; set; } = 64;

    /// <summary>
    /// How long the embed stage waits for more faces before running a partial batch: faces trickle in at the
    /// detector's pace, and full batches are cheaper per face.
    /// </summary>
    public TimeSpan EmbedBatchWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Photos written per SQLite transaction at most.</summary>
    public int StoreBatch { get; set; } = 64;

    /// <summary>A transaction is committed at least this often while photos keep coming.</summary>
    public TimeSpan StoreInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Photos an ingest worker claims at a time from a shared (PostgreSQL) library's queue.</summary>
    public int ClaimBatch { get; set; } = 8;

    /// <summary>How long a claim lasts: photos of a worker that died return to the pool after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    public DecodeLimits Limits { get; set; } = new();

    internal void Validate()
    {
        if (ReducedDecodeSide < 0 || DecodeWorkers < 1 || DetectWorkers < 1 || ScanCapacity < 1 || DecodedCapacity < 1 || DetectedCapacity < 1 || AlignedCapacity < 1 || StoreCapacity < 1 || StoreBatch < 1 || ClaimBatch < 1 || ClaimLease <= TimeSpan.Zero)
        {
            throw new Configuration.ConfigurationException("Ingest: worker counts, capacities, StoreBatch and ClaimBatch must be at least 1, ReducedDecodeSide at least 0, ClaimLease positive.");
        }
    }
}
