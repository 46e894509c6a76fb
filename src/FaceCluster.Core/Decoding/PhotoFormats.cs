using System.Buffers.Binary;

namespace FaceCluster.Decoding;

/// <summary>
/// Tells a photo's format from its first bytes and, where content alone cannot (most RAW formats are TIFF files
/// inside), from its extension.
/// </summary>
public static class PhotoFormats
{
    /// <summary>Bytes <see cref="Detect"/> needs: the ISO-BMFF <c>ftyp</c> box with its first brands, or a RAW signature.</summary>
    public const int HeaderLength = 64;

    private static readonly HashSet<string> CommonExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff",
    };

    private static readonly HashSet<string> HeifExtensions = new(StringComparer.OrdinalIgnoreCase) { ".heic", ".heif", ".hif", ".avif" };

    /// <summary>Camera RAW extensions (Adobe, Canon, Nikon, Sony, Olympus, Fujifilm, Panasonic, Pentax, Samsung, Leica, Hasselblad, Phase One, Sigma).</summary>
    private static readonly HashSet<string> RawExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".dng", ".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2", ".orf", ".raf", ".rw2", ".rwl", ".pef",
        ".srw", ".3fr", ".fff", ".iiq", ".x3f", ".erf", ".kdc", ".dcr", ".mrw", ".mos",
    };

    private static readonly string[] HevcBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"];

    private static readonly string[] GenericHeifBrands = ["mif1", "msf1", "mif2"];

    private static readonly string[] AvifBrands = ["avif", "avis"];

    /// <summary>True for every extension FaceCluster reads: such files are candidates even when their content is bad.</summary>
    public static bool HasPhotoExtension(string path)
    {
        var extension = Path.GetExtension(path);
        return CommonExtensions.Contains(extension) || HeifExtensions.Contains(extension) || RawExtensions.Contains(extension);
    }

    public static PhotoFormat Detect(ReadOnlySpan<byte> header, string? name = null)
    {
        var isRawName = name is not null && RawExtensions.Contains(Path.GetExtension(name));
        if (IsoBrands(header) is { } brands)
        {
            if (brands.Contains("crx "))
            {
                return PhotoFormat.Raw;
            }

            // The major brand decides (AVIF files list "mif1" too); a generic "mif1" file is told by its other brands.
            var major = brands[0];
            if (AvifBrands.Contains(major) || (!HevcBrands.Contains(major) && brands.Any(AvifBrands.Contains)))
            {
                return PhotoFormat.Avif;
            }

            return brands.Any(b => HevcBrands.Contains(b) || GenericHeifBrands.Contains(b)) ? PhotoFormat.Heif : PhotoFormat.Unknown;
        }

        if (header.StartsWith("FUJIFILMCCD-RAW"u8) || header.StartsWith("IIRO"u8) || header.StartsWith("IIRS"u8)
            || header.StartsWith("MMOR"u8) || header.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', (byte)'U', 0]))
        {
            return PhotoFormat.Raw;
        }

        if (IsTiff(header))
        {
            // CR2 marks itself; NEF, ARW, DNG and the rest are plain TIFF files that only their names tell apart.
            var isCr2 = header.Length >= 10 && header[8] == (byte)'C' && header[9] == (byte)'R';
            return isCr2 || isRawName ? PhotoFormat.Raw : PhotoFormat.Common;
        }

        if (IsCommonImage(header))
        {
            return PhotoFormat.Common;
        }

        return isRawName ? PhotoFormat.Raw : PhotoFormat.Unknown;
    }

    private static bool IsCommonImage(ReadOnlySpan<byte> header) =>
        header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])
        || header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8)
        || header.StartsWith("BM"u8)
        || (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8));

    private static bool IsTiff(ReadOnlySpan<byte> header) =>
        header.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I', 42, 0]) || header.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M', 0, 42]);

    /// <summary>The major brand then the compatible brands of an ISO-BMFF <c>ftyp</c> box at the start, or null.</summary>
    private static List<string>? IsoBrands(ReadOnlySpan<byte> header)
    {
        if (header.Length < 16 || !header[4..8].SequenceEqual("ftyp"u8))
        {
            return null;
        }

        var boxEnd = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(header), (uint)header.Length);
        var brands = new List<string> { System.Text.Encoding.ASCII.GetString(header[8..12]) };
        for (var offset = 16; offset + 4 <= boxEnd; offset += 4)
        {
            brands.Add(System.Text.Encoding.ASCII.GetString(header.Slice(offset, 4)));
        }

        return brands;
    }
}
