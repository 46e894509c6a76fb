using System.Buffers.Binary;
using System.IO.Compression;

namespace FaceCluster.Tests.Support;

/// <summary>Makes the bad files a photo library really contains, each written by the test itself.</summary>
public static class HostileFiles
{
    /// <summary>A structurally valid 1x1-pixel-data PNG whose header claims <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(stream, "IHDR", ihdr);
        using (var compressed = new MemoryStream())
        {
            using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                z.Write(new byte[4]);
            }

            Chunk(stream, "IDAT", compressed.ToArray());
        }

        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>
    /// A small, valid 64x64 PNG whose zTXt and iTXt chunks inflate to <paramref name="inflatedMiB"/> MiB of text in
    /// all (zlib's ratio is about 1000:1, so 1 GiB of text takes about 1 MB of file).
    /// </summary>
    public static byte[] PngTextBomb(int inflatedMiB)
    {
        const int side = 64;
        const int chunkMiB = 64;
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(stream, "IHDR", ihdr);
        var text = Deflate(new byte[1024 * 1024], chunkMiB);
        for (var i = 0; i < inflatedMiB / chunkMiB; i++)
        {
            if (i % 2 == 0)
            {
                Chunk(stream, "zTXt", [.. "Comment"u8, 0, 0, .. text]);
            }
            else
            {
                // keyword, compression flag 1, method 0, empty language tag and translated keyword
                Chunk(stream, "iTXt", [.. "Description"u8, 0, 1, 0, 0, 0, .. text]);
            }
        }

        Chunk(stream, "IDAT", Deflate(new byte[side * ((side * 3) + 1)], 1));
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>
    /// A GIF of <paramref name="frames"/> frames of <paramref name="side"/> x <paramref name="side"/> pixels of one
    /// colour: LZW codes runs of one colour that grow by a pixel each, so a megapixel frame takes about 2 KB.
    /// </summary>
    public static byte[] GifFrameBomb(int frames, int side)
    {
        using var stream = new MemoryStream();
        stream.Write("GIF89a"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(size, (ushort)side);
        BinaryPrimitives.WriteUInt16LittleEndian(size[2..], (ushort)side);
        stream.Write(size);
        stream.Write([0x80, 0, 0]); // a global colour table of two colours, background 0, no aspect ratio
        stream.Write([0, 0, 0, 255, 255, 255]);
        var data = ConstantLzw(side * side);
        for (var i = 0; i < frames; i++)
        {
            stream.WriteByte(0x2C); // image descriptor at 0,0 covering the screen, no local colour table
            stream.Write([0, 0, 0, 0]);
            stream.Write(size);
            stream.WriteByte(0);
            stream.WriteByte(2); // LZW minimum code size
            for (var offset = 0; offset < data.Length; offset += 255)
            {
                var block = data.AsSpan(offset, Math.Min(255, data.Length - offset));
                stream.WriteByte((byte)block.Length);
                stream.Write(block);
            }

            stream.WriteByte(0);
        }

        stream.WriteByte(0x3B);
        return stream.ToArray();
    }

    /// <summary>
    /// GIF LZW (minimum code size 2) of <paramref name="pixels"/> zeros. After the clear code the encoder emits pixel 0,
    /// then the table entry for a run one longer each time (entry 6 is two zeros, entry 4 + L a run of L). Codes widen
    /// after the one written when the next free entry reached a power of two, as compress and every GIF encoder do.
    /// </summary>
    private static byte[] ConstantLzw(int pixels)
    {
        const int clear = 4;
        const int end = 5;
        var bytes = new List<byte>();
        var (bits, bitCount, width, next) = (0L, 0, 3, 6);

        void Emit(int code)
        {
            bits |= (long)code << bitCount;
            bitCount += width;
            while (bitCount >= 8)
            {
                bytes.Add((byte)bits);
                bits >>= 8;
                bitCount -= 8;
            }
        }

        Emit(clear);
        var done = 0;
        for (var run = 1; done < pixels; run++)
        {
            var length = Math.Min(run, pixels - done);
            Emit(length == 1 ? 0 : clear + length);
            done += length;
            if (next == 1 << width && width < 12)
            {
                width++;
            }

            next++;
        }

        Emit(end);
        if (bitCount > 0)
        {
            bytes.Add((byte)bits);
        }

        return [.. bytes];
    }

    public static byte[] Truncated(string path, double fraction) =>
        File.ReadAllBytes(path).AsSpan(0, (int)(new FileInfo(path).Length * fraction)).ToArray();

    /// <summary>A JPEG signature followed by noise.</summary>
    public static byte[] CorruptJpeg(int seed)
    {
        var bytes = new byte[20_000];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }

    private static byte[] Deflate(byte[] block, int repeat)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var i = 0; i < repeat; i++)
            {
                z.Write(block);
            }
        }

        return compressed.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        stream.Write(crcBytes);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
