namespace FaceCluster.Configuration;

public enum ColorOrder
{
    Rgb,

    /// <summary>OpenCV-style exports (e.g. YuNet) expect blue first.</summary>
    Bgr,
}
