namespace FaceCluster.Export;

/// <summary>How a sidecar is named after its photo.</summary>
public enum SidecarNaming
{
    /// <summary><c>photo.jpg.xmp</c>: digiKam's and darktable's convention; photos differing only in extension stay apart.</summary>
    Extension,

    /// <summary><c>photo.xmp</c>: Lightroom's convention.</summary>
    Replace,
}
