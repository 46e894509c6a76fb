using System.Text;
using System.Xml;
using FaceCluster.Scanning;

namespace FaceCluster.Xmp;

/// <summary>Finds XMP in a photo's bytes and in its sidecar files.</summary>
public static class XmpPacket
{
    private static readonly (byte[] Start, byte[] End)[] Markers =
    [
        ("<x:xmpmeta"u8.ToArray(), "</x:xmpmeta>"u8.ToArray()),
        ("<rdf:RDF"u8.ToArray(), "</rdf:RDF>"u8.ToArray()),
    ];

    /// <summary>
    /// The XMP packet embedded in a photo, found by scanning for its root element as XMP's packet scanning allows, so one
    /// reader serves JPEG (APP1), PNG (iTXt), TIFF, WebP and HEIC alike; null when there is none.
    /// </summary>
    public static string? Embedded(ReadOnlySpan<byte> bytes)
    {
        foreach (var (start, end) in Markers)
        {
            var from = bytes.IndexOf(start);
            if (from < 0)
            {
                continue;
            }

            var length = bytes[from..].IndexOf(end);
            if (length > 0 && length <= RdfValues.MaxLength)
            {
                return Encoding.UTF8.GetString(bytes.Slice(from, length + end.Length));
            }
        }

        return null;
    }

    /// <summary>The sidecars a photo may have, in the order tools prefer them: <c>photo.jpg.xmp</c>, then <c>photo.xmp</c>.</summary>
    public static IReadOnlyList<string> SidecarPaths(string photo) => [photo + ".xmp", Path.ChangeExtension(photo, ".xmp")];

    /// <summary>The text of a sidecar that exists and is a regular file of sane size; null otherwise.</summary>
    public static string? ReadSidecar(string path)
    {
        // Looked at without opening: opening a FIFO that stands where a sidecar would be blocks forever.
        var (status, errno) = FileStatus.Of(path);
        if (errno != 0 || status.Kind != FileKind.Regular || status.Size > RdfValues.MaxLength)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The named regions of XMP text; none when it is not well-formed XML.</summary>
    public static IReadOnlyList<NamedRegion> Regions(string? text)
    {
        if (text is null)
        {
            return [];
        }

        try
        {
            return XmpRegionReader.Read(RdfValues.Parse(text));
        }
        catch (XmlException)
        {
            return [];
        }
    }
}
