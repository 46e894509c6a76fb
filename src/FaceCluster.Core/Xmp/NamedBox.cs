using FaceCluster.Detection;

namespace FaceCluster.Xmp;

/// <summary>A named face region in the pixels of the photo as the user sees it, where detected face boxes are.</summary>
public sealed record NamedBox(string Name, FaceBox Box);
