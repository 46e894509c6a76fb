using System.Buffers.Binary;
using SixLabors.ImageSharp;

namespace FaceCluster.Decoding;

/// <summary>
/// Finds the JPEG previews that cameras embed in RAW files (full-size or near it in most modern RAWs), as Immich and
/// digiKam prefer them to demosaicing the raw data. Every RAW format stores them differently, so the file is searched
/// for JPEG starts and each is identified by ImageSharp; starts inside raw data fail to identify and drop out.
/// </summary>
internal static class RawPreviews
{
    /// <summary>More JPEG starts than this are not examined (random raw data can contain the three-byte marker).</summary>
    private const int MaxCandidates = 64;

    private const ushort OrientationTag = 0x0112;

    /// <summary>The embedded JPEGs that identify, largest first.</summary>
    public static IReadOnlyList<RawPreview> Find(byte[] bytes)
    {
        var found = new List<RawPreview>();
        ReadOnlySpan<byte> marker = [0xFF, 0xD8, 0xFF];
        var examined = 0;
        for (var offset = bytes.AsSpan().IndexOf(marker); offset >= 0 && examined < MaxCandidates; examined++)
        {
            if (Identify(bytes, offset) is { } preview)
            {
                found.Add(preview);
            }

            var next = bytes.AsSpan(offset + 1).IndexOf(marker);
            offset = next < 0 ? -1 : offset + 1 + next;
        }

        return found.OrderByDescending(p => (long)p.Width * p.Height).ToList();
    }

    /// <summary>
    /// The EXIF orientation (1..8) in IFD0 of a TIFF-based RAW file, which applies to its previews; 1 when absent or
    /// when the file is not TIFF-based.
    /// </summary>
    public static ushort TiffOrientation(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            return 1;
        }

        bool little;
        if (bytes[0] == 'I' && bytes[1] == 'I')
        {
            little = true;
        }
        else if (bytes[0] == 'M' && bytes[1] == 'M')
        {
            little = false;
        }
        else
        {
            return 1;
        }

        var ifd = U32(bytes, 4, little);
        if (ifd > (uint)bytes.Length - 2)
        {
            return 1;
        }

        var count = U16(bytes, (int)ifd, little);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (i * 12);
            if (entry + 12 > bytes.Length)
            {
                return 1;
            }

            if (U16(bytes, entry, little) == OrientationTag)
            {
                var value = U16(bytes, entry + 8, little);
                return value is >= 1 and <= 8 ? value : (ushort)1;
            }
        }

        return 1;
    }

    private static uint U32(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]);

    private static ushort U16(ReadOnlySpan<byte> bytes, int at, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[at..]);

    /// <summary>
    /// The length of the JPEG starting at <paramref name="jpeg"/>'s first byte, through its end-of-image marker: segments
    /// are skipped by their lengths, entropy-coded data scanned for the next marker. Null when it ends before its EOI
    /// (a cut-off preview, or no JPEG at all).
    /// </summary>
    internal static int? JpegLength(ReadOnlySpan<byte> jpeg)
    {
        var at = 2;
        while (at + 4 <= jpeg.Length)
        {
            if (jpeg[at] != 0xFF)
            {
                return null;
            }

            var marker = jpeg[at + 1];
            if (marker == 0xFF)
            {
                at++; // fill byte
                continue;
            }

            if (marker == 0xD9)
            {
                return at + 2;
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                at += 2; // markers without a length
                continue;
            }

            var segmentEnd = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[(at + 2)..]);
            if (marker != 0xDA)
            {
                at = segmentEnd;
                continue;
            }

            // Entropy-coded data: FF 00 is a stuffed byte and FF D0..D7 a restart marker; any other FF xx ends the scan.
            at = segmentEnd;
            while (at + 1 < jpeg.Length && !(jpeg[at] == 0xFF && jpeg[at + 1] != 0x00 && jpeg[at + 1] is < 0xD0 or > 0xD7))
            {
                at++;
            }
        }

        return null;
    }

    private static RawPreview? Identify(byte[] bytes, int offset)
    {
        if (JpegLength(bytes.AsSpan(offset)) is not { } length)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(bytes, offset, length, writable: false);
            var info = Image.Identify(stream);
            return info is { Width: > 0, Height: > 0 } ? new RawPreview(offset, length, info.Width, info.Height) : null;
        }
        catch (Exception ex) when (ex is ImageFormatException or NotSupportedException or InvalidOperationException
                                       or ArgumentException or IndexOutOfRangeException or EndOfStreamException or OverflowException)
        {
            return null;
        }
    }
}

/// <summary>An embedded JPEG: where it lies in the RAW file and its size in pixels.</summary>
internal sealed record RawPreview(int Offset, int Length, int Width, int Height)
{
    public int LongSide => Math.Max(Width, Height);
}
