namespace FaceCluster.Configuration;

/// <summary>The face detector and landmark models of a profile.</summary>
public sealed class DetectorProfile
{
    public string Model { get; set; } = "ssd_mobilenetv1.onnx";

    public string? Sha256 { get; set; }

    /// <summary>68-point landmark model; required by both alignments (five points are derived from the 68).</summary>
    public string LandmarkModel { get; set; } = "face_landmark_68.onnx";

    public string? LandmarkSha256 { get; set; }

    /// <summary>Detections scoring at or below this are dropped (face-api.js default 0.5).</summary>
    public float MinScore { get; set; } = 0.5f;

    public int MaxResults { get; set; } = 100;

    /// <summary>Non-maximum suppression drops a box overlapping a kept one by more than this IoU.</summary>
    public float IouThreshold { get; set; } = 0.5f;

    /// <summary>When no face is found, look again with the photo zoomed out (finds faces that fill the frame).</summary>
    public bool ZoomOutRetry { get; set; } = true;

    /// <summary>
    /// When no face is found, or none scores at least <see cref="RotationRetryBelowScore"/>, look again at the photo
    /// turned a quarter clockwise, upside down and a quarter anticlockwise, for photos turned without an orientation tag
    /// (scans, some cameras); the turn with the most confident face wins.
    /// </summary>
    public bool RotationRetry { get; set; } = true;

    /// <summary>
    /// A photo whose most confident face scores below this is also looked at turned: SSD finds many faces that lie
    /// sideways, but less surely than upright ones (docs/results has the score quantiles).
    /// </summary>
    public float RotationRetryBelowScore { get; set; } = 0.8f;

    /// <summary>
    /// A turned copy replaces the faces found in the photo as it is only when its most confident face scores at least
    /// this (with no face found as it is, any turn with a face wins).
    /// </summary>
    public float RotationRetryWinScore { get; set; } = 0.95f;

    /// <summary>Faces whose shorter box side is below this many pixels are ignored (too small to recognise).</summary>
    public int MinFaceSize { get; set; } = 20;
}
