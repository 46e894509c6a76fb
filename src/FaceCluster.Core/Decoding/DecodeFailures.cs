using FaceCluster.Imaging;
using SixLabors.ImageSharp;

namespace FaceCluster.Decoding;

/// <summary>
/// Turns what an image decoder threw into the reason stored for the user. Malformed input is "corrupt"; running out of
/// memory is not the file's corruption; a NullReference or IndexOutOfRange is a bug in the decoder that hostile input
/// reached, named with its type so it can be reported.
/// </summary>
internal static class DecodeFailures
{
    public static ImageLoadException Describe(Exception ex, string corruptWhat) => ex switch
    {
        ImageLoadException load => load,
        OutOfMemoryException => new ImageLoadException("not enough memory to decode the image", ex),
        ImageMagick.MagickException => new ImageLoadException($"{corruptWhat}: {ex.Message.Split('\n', 2)[0].Trim()}", ex),
        ImageFormatException or NotSupportedException or InvalidOperationException or ArgumentException or OverflowException
            or EndOfStreamException or InvalidDataException => new ImageLoadException($"{corruptWhat}: {ex.Message}", ex),
        _ => new ImageLoadException($"decoder error ({ex.GetType().Name}): {ex.Message}", ex),
    };
}
