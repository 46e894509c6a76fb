namespace FaceCluster.Imaging;

/// <summary>Decodes a photo file into an <see cref="RgbImage"/> the way ingest does (limits, EXIF orientation).</summary>
public static class RgbImageLoader
{
    public static RgbImage Load(string path) => Decoding.PhotoDecoder.Default.Load(path);
}
