using System.Buffers.Binary;

namespace FaceCluster.Tests.Support;

/// <summary>
/// Adds an <c>irot</c> (rotation) property to the primary image of a HEIF/AVIF file, as phones tag portrait shots:
/// no tool here writes one (heif-enc 1.15 and ExifTool leave orientation out). The property is appended to
/// <c>ipco</c>, associated in <c>ipma</c>, and every <c>iloc</c> offset behind the grown <c>meta</c> box is moved.
/// </summary>
public static class HeifRotation
{
    /// <param name="quarterTurnsAnticlockwise">1..3: the image is shown turned this many quarter turns anticlockwise.</param>
    public static byte[] AddRotation(byte[] file, int quarterTurnsAnticlockwise)
    {
        var (metaStart, metaSize) = FindBox(file, 0, file.Length, "meta");
        var metaBody = metaStart + 12; // full box: size, type, version + flags
        var metaEnd = metaStart + metaSize;
        var primary = ReadPrimaryItem(file, metaBody, metaEnd);
        var (iprpStart, iprpSize) = FindBox(file, metaBody, metaEnd, "iprp");
        var (ipcoStart, ipcoSize) = FindBox(file, iprpStart + 8, iprpStart + iprpSize, "ipco");
        var (ipmaStart, ipmaSize) = FindBox(file, iprpStart + 8, iprpStart + iprpSize, "ipma");
        var propertyIndex = CountChildren(file, ipcoStart + 8, ipcoStart + ipcoSize) + 1;

        byte[] irot = [0, 0, 0, 9, (byte)'i', (byte)'r', (byte)'o', (byte)'t', (byte)quarterTurnsAnticlockwise];
        var newIpma = AddAssociation(file.AsSpan(ipmaStart, ipmaSize), primary, propertyIndex);
        var delta = irot.Length + (newIpma.Length - ipmaSize);

        using var output = new MemoryStream();
        // Everything up to the end of ipco, then irot, then whatever lay between ipco and ipma, the new ipma, the rest.
        Assert.True(ipcoStart < ipmaStart, "ipco is expected before ipma");
        output.Write(file, 0, ipcoStart + ipcoSize);
        output.Write(irot);
        output.Write(file, ipcoStart + ipcoSize, ipmaStart - (ipcoStart + ipcoSize));
        output.Write(newIpma);
        output.Write(file, ipmaStart + ipmaSize, file.Length - (ipmaStart + ipmaSize));
        var result = output.ToArray();

        Grow(result, metaStart, delta);
        Grow(result, iprpStart, delta);
        Grow(result, ipcoStart, irot.Length);
        var (ilocStart, ilocSize) = FindBox(result, metaBody, metaEnd + delta, "iloc");
        ShiftIloc(result.AsSpan(ilocStart, ilocSize), metaEnd, delta);
        return result;
    }

    private static void Grow(byte[] bytes, int boxStart, int by) =>
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(boxStart), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(boxStart)) + (uint)by);

    private static (int Start, int Size) FindBox(byte[] bytes, int from, int to, string type)
    {
        for (var at = from; at + 8 <= to;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4) == type)
            {
                return (at, size);
            }

            Assert.True(size >= 8, "malformed box");
            at += size;
        }

        throw new InvalidDataException($"no {type} box");
    }

    private static int CountChildren(byte[] bytes, int from, int to)
    {
        var count = 0;
        for (var at = from; at + 8 <= to; at += (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at)))
        {
            count++;
        }

        return count;
    }

    private static uint ReadPrimaryItem(byte[] bytes, int from, int to)
    {
        var (pitm, _) = FindBox(bytes, from, to, "pitm");
        return bytes[pitm + 8] == 0 ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(pitm + 12)) : BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(pitm + 12));
    }

    private static byte[] AddAssociation(ReadOnlySpan<byte> ipma, uint item, int propertyIndex)
    {
        var version = ipma[8];
        var wide = (ipma[11] & 1) != 0;
        var entries = BinaryPrimitives.ReadUInt32BigEndian(ipma[12..]);
        using var output = new MemoryStream();
        output.Write(ipma[..16]);
        var at = 16;
        for (var e = 0; e < entries; e++)
        {
            var idLength = version < 1 ? 2 : 4;
            var id = version < 1 ? BinaryPrimitives.ReadUInt16BigEndian(ipma[at..]) : BinaryPrimitives.ReadUInt32BigEndian(ipma[at..]);
            var count = ipma[at + idLength];
            var associationsLength = count * (wide ? 2 : 1);
            output.Write(ipma.Slice(at, idLength));
            output.WriteByte((byte)(id == item ? count + 1 : count));
            output.Write(ipma.Slice(at + idLength + 1, associationsLength));
            if (id == item)
            {
                // Essential: a reader that cannot rotate must not show the image unrotated.
                if (wide)
                {
                    output.Write([(byte)(0x80 | (propertyIndex >> 8)), (byte)propertyIndex]);
                }
                else
                {
                    output.WriteByte((byte)(0x80 | propertyIndex));
                }
            }

            at += idLength + 1 + associationsLength;
        }

        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(result, (uint)result.Length);
        return result;
    }

    /// <summary>Moves every file offset (construction method 0) that points behind the old end of meta.</summary>
    private static void ShiftIloc(Span<byte> iloc, int oldMetaEnd, int delta)
    {
        var version = iloc[8];
        var offsetSize = iloc[12] >> 4;
        var lengthSize = iloc[12] & 0xF;
        var baseOffsetSize = iloc[13] >> 4;
        var indexSize = version >= 1 ? iloc[13] & 0xF : 0;
        var at = 14;
        var items = version < 2 ? BinaryPrimitives.ReadUInt16BigEndian(iloc[at..]) : BinaryPrimitives.ReadUInt32BigEndian(iloc[at..]);
        at += version < 2 ? 2 : 4;
        for (var i = 0; i < items; i++)
        {
            at += version < 2 ? 2 : 4;
            var method = 0;
            if (version >= 1)
            {
                method = BinaryPrimitives.ReadUInt16BigEndian(iloc[at..]) & 0xF;
                at += 2;
            }

            at += 2; // data reference index
            var baseAt = at;
            var baseOffset = Read(iloc, at, baseOffsetSize);
            at += baseOffsetSize;
            var extents = BinaryPrimitives.ReadUInt16BigEndian(iloc[at..]);
            at += 2;
            for (var x = 0; x < extents; x++)
            {
                at += indexSize;
                var offset = Read(iloc, at, offsetSize);
                if (method == 0 && baseOffsetSize == 0 && offset >= (ulong)oldMetaEnd)
                {
                    Write(iloc, at, offsetSize, offset + (ulong)delta);
                }

                at += offsetSize + lengthSize;
            }

            if (method == 0 && baseOffsetSize > 0 && baseOffset >= (ulong)oldMetaEnd)
            {
                Write(iloc, baseAt, baseOffsetSize, baseOffset + (ulong)delta);
            }
        }
    }

    private static ulong Read(ReadOnlySpan<byte> bytes, int at, int size) => size switch
    {
        0 => 0,
        4 => BinaryPrimitives.ReadUInt32BigEndian(bytes[at..]),
        8 => BinaryPrimitives.ReadUInt64BigEndian(bytes[at..]),
        _ => throw new InvalidDataException($"iloc field of {size} bytes"),
    };

    private static void Write(Span<byte> bytes, int at, int size, ulong value)
    {
        if (size == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes[at..], checked((uint)value));
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(bytes[at..], value);
        }
    }
}
