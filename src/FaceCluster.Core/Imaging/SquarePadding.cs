namespace FaceCluster.Imaging;

/// <summary>How a non-square crop is zero-padded to a square before resizing (face-api.js's padToSquare).</summary>
public enum SquarePadding
{
    /// <summary>The whole difference goes to the right or bottom (SSD-MobileNetV1 input).</summary>
    BottomRight,

    /// <summary>round(diff/2) after, the rest before (landmark and recognition nets).</summary>
    Centered,
}
