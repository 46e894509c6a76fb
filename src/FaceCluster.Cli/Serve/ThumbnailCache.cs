using FaceCluster.Decoding;
using FaceCluster.Imaging;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Serve;

/// <summary>
/// Face thumbnails cropped from the photos with the stored boxes, cached on disk beside the library. A file is named
/// by face id and the photo's content hash, so a re-done photo (new hash) never shows an old crop.
/// </summary>
public sealed class ThumbnailCache(string directory)
{
    public const int Size = 128;

    /// <summary>The cached JPEG of a face, made on first use; null when its photo cannot be read any more.</summary>
    public string? PathOf(ReviewFace face)
    {
        var fingerprint = face.PhotoHash is { Length: >= 16 } hash && hash.All(char.IsAsciiHexDigit) ? hash[..16] : "unhashed";
        var path = Path.Combine(directory, $"{face.Id}-{fingerprint}.jpg");
        if (File.Exists(path))
        {
            return path;
        }

        byte[] jpeg;
        try
        {
            var image = PhotoDecoder.Default.Load(face.PhotoPath);
            jpeg = FaceThumbnail.Jpeg(image, face.Box.X, face.Box.Y, face.Box.Width, face.Box.Height, Size);
        }
        catch (ImageLoadException)
        {
            return null;
        }

        // Written whole, then renamed: two requests for one face never serve a half-written file.
        Directory.CreateDirectory(directory);
        var partial = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(partial, jpeg);
        File.Move(partial, path, overwrite: true);
        return path;
    }
}
