namespace FaceCluster.Detection;

/// <summary>
/// Post-processing settings of <see cref="SsdMobilenetV1Detector"/>, with face-api.js's defaults
/// (SsdMobilenetv1Options.ts and the fixed IoU threshold of SsdMobilenetv1.locateFaces).
/// </summary>
/// <remarks>Immutable; values are checked when set, so an instance is always valid.</remarks>
public sealed record SsdMobilenetV1Options
{
    private readonly float _minConfidence = 0.5f;
    private readonly int _maxResults = 100;
    private readonly float _iouThreshold = 0.5f;

    public static SsdMobilenetV1Options Default { get; } = new();

    /// <summary>A face is kept only if its score is strictly greater than this; must lie in (0, 1).</summary>
    public float MinConfidence
    {
        get => _minConfidence;
        init => _minConfidence = value is > 0f and < 1f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinConfidence), value, "MinConfidence must lie strictly between 0 and 1.");
    }

    /// <summary>At most this many faces are returned; must be positive.</summary>
    public int MaxResults
    {
        get => _maxResults;
        init => _maxResults = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxResults), value, "MaxResults must be positive.");
    }

    /// <summary>
    /// Look again at the photo centred on a black canvas twice its size when nothing is found or no face found covers
    /// the photo's centre, and merge both passes. SSD-MobileNetV1 misses faces that fill the frame (e.g. 9 % of LFW at
    /// MinConfidence 0.5, and it can find a small face in the background while missing the large one in front); zoomed
    /// out, nearly all of them are found. Off by default so the detector alone behaves exactly like face-api.js.
    /// </summary>
    public bool ZoomOutRetry { get; init; }

    /// <summary>Non-maximum suppression drops a box whose IoU with a kept box is greater than this; must lie in [0, 1].</summary>
    public float IouThreshold
    {
        get => _iouThreshold;
        init => _iouThreshold = value is >= 0f and <= 1f
            ? value
            : throw new ArgumentOutOfRangeException(nameof(IouThreshold), value, "IouThreshold must lie between 0 and 1.");
    }
}
