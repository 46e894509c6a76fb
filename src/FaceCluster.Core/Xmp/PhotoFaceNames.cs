using FaceCluster.Detection;

namespace FaceCluster.Xmp;

/// <summary>
/// The face names other tools left with a photo: the regions of its embedded XMP and of its sidecars, turned from the
/// stored frame into the pixels of the decoded (oriented) photo so they can be laid over detected faces.
/// </summary>
public static class PhotoFaceNames
{
    /// <param name="width">Width of the decoded photo, after its EXIF orientation.</param>
    /// <param name="height">Height of the decoded photo, after its EXIF orientation.</param>
    public static IReadOnlyList<NamedBox> Read(string path, byte[] bytes, int width, int height)
    {
        var regions = XmpPacket.SidecarPaths(path).Distinct(StringComparer.Ordinal)
            .Select(XmpPacket.ReadSidecar)
            .Prepend(XmpPacket.Embedded(bytes))
            .SelectMany(XmpPacket.Regions)
            .Distinct()
            .ToList();
        if (regions.Count == 0)
        {
            return [];
        }

        var orientation = ExifOrientation.Read(bytes);
        return [.. regions.Select(r =>
        {
            var shown = ExifOrientation.ToDisplayed(r.Area, orientation);
            return new NamedBox(r.Name, new FaceBox((float)(shown.X * width), (float)(shown.Y * height), (float)(shown.Width * width), (float)(shown.Height * height)));
        })];
    }
}
