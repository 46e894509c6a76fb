namespace FaceCluster.Xmp;

/// <summary>A face region a photo tool named, in the frame the XMP standard says (the stored, un-rotated image).</summary>
public sealed record NamedRegion(string Name, NormalizedRect Area);
