using System.Security.Cryptography;
using FaceCluster.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Decoding;

/// <summary>
/// Reads, hashes, identifies and decodes one photo with ImageSharp 2.1.13, enforcing <see cref="DecodeLimits"/> from the
/// header before decoding (ImageSharp 2.x has reported flaws with crafted images). EXIF orientation is applied. Every
/// way a file can be bad becomes an <see cref="ImageLoadException"/> whose message is the reason stored for the user.
/// </summary>
public sealed class PhotoDecoder(DecodeLimits limits)
{
    public static PhotoDecoder Default { get; } = new(new DecodeLimits());

    /// <summary>Reads the file (bounded by MaxFileBytes) and returns its bytes and SHA-256.</summary>
    public (byte[] Bytes, string Sha256) Read(string path)
    {
        if (path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            // .NET sees Linux file names as UTF-8; a name with invalid bytes cannot be opened through the decoded string.
            throw new ImageLoadException("file name is not valid UTF-8 and cannot be opened; rename the file");
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            if (stream.Length > limits.MaxFileBytes)
            {
                throw new ImageLoadException($"file is {stream.Length:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
            }

            if (stream.Length == 0)
            {
                throw new ImageLoadException("file is empty (0 bytes)");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return (bytes, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
        }
        catch (FileNotFoundException)
        {
            throw new ImageLoadException("file vanished during the run");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImageLoadException("file vanished during the run");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ImageLoadException("permission denied");
        }
        catch (EndOfStreamException)
        {
            throw new ImageLoadException("file shrank while being read");
        }
        catch (IOException ex)
        {
            throw new ImageLoadException($"read error: {ex.Message}");
        }
    }

    /// <summary>
    /// Identifies the format (by content; by <paramref name="name"/>'s extension where content cannot tell, as for most
    /// RAW files), checks the limits against the declared size, and decodes to RGB in the orientation the user sees.
    /// </summary>
    public RgbImage Decode(byte[] bytes, string? name = null)
    {
        var format = PhotoFormats.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, PhotoFormats.HeaderLength)), name);
        return format switch
        {
            PhotoFormat.Heif or PhotoFormat.Avif => DecodeWithMagick(bytes, format),
            PhotoFormat.Raw => DecodeRaw(bytes),
            _ => DecodeCommon(bytes, orientation: null),
        };
    }

    private RgbImage DecodeCommon(byte[] bytes, ushort? orientation)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(bytes);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw new ImageLoadException($"corrupt image header: {ex.Message}");
        }

        if (info is null)
        {
            throw new ImageLoadException("not a supported image (JPEG, PNG, GIF, BMP, WebP, TIFF, HEIC, AVIF or camera RAW)");
        }

        CheckSize(info.Width, info.Height);
        if (IsTruncatedJpeg(bytes))
        {
            throw new ImageLoadException("truncated JPEG: no end-of-image marker");
        }

        return WithinTimeLimit(() => DecodePixels(bytes, orientation));
    }

    private RgbImage DecodeWithMagick(byte[] bytes, PhotoFormat format)
    {
        MagickPhotoReader.ApplyLimits(limits);
        int width, height;
        try
        {
            (width, height) = MagickPhotoReader.Identify(bytes, format);
        }
        catch (Exception ex) when (ex is ImageMagick.MagickException or OverflowException)
        {
            throw new ImageLoadException($"corrupt {format.ToString().ToUpperInvariant()} image: {FirstLine(ex.Message)}");
        }

        CheckSize(width, height);
        return WithinTimeLimit(() => MagickPhotoReader.Decode(bytes, format));
    }

    /// <summary>
    /// A RAW file's largest embedded preview when it is big enough to find faces in (most cameras embed one near full
    /// size), else its raw data through libraw, else whatever preview there is. The RAW's own orientation applies to a
    /// preview that carries none.
    /// </summary>
    private RgbImage DecodeRaw(byte[] bytes)
    {
        var previews = RawPreviews.Find(bytes);
        var best = previews.Count > 0 ? previews[0] : null;
        if (best is not null && best.LongSide >= limits.MinRawPreviewSide)
        {
            return DecodePreview(bytes, best);
        }

        try
        {
            return DecodeWithMagick(bytes, PhotoFormat.Raw);
        }
        catch (ImageLoadException) when (best is not null)
        {
            return DecodePreview(bytes, best);
        }
        catch (ImageLoadException ex)
        {
            throw new ImageLoadException($"camera RAW without a usable embedded preview, and its raw data cannot be decoded ({ex.Message})");
        }
    }

    private RgbImage DecodePreview(byte[] bytes, RawPreview preview) =>
        DecodeCommon(bytes.AsSpan(preview.Offset, preview.Length).ToArray(), RawPreviews.TiffOrientation(bytes));

    private void CheckSize(int width, int height)
    {
        var pixels = (long)width * height;
        if (width <= 0 || height <= 0)
        {
            throw new ImageLoadException($"image header claims an empty size {width}x{height}");
        }

        if (width > limits.MaxDimension || height > limits.MaxDimension || pixels > limits.MaxPixels)
        {
            throw new ImageLoadException(
                $"image header claims {width}x{height} pixels, over the limit of {limits.MaxPixels:N0} pixels / {limits.MaxDimension} per side (decompression bomb?)");
        }
    }

    private RgbImage WithinTimeLimit(Func<RgbImage> decodePixels)
    {
        var decode = Task.Run(decodePixels);
        try
        {
            if (!decode.Wait(limits.MaxDecodeTime))
            {
                throw new ImageLoadException($"decoding took longer than {limits.MaxDecodeTime.TotalSeconds:0} s; skipped");
            }

            return decode.Result;
        }
        catch (AggregateException ex) when (ex.InnerException is { } inner && (IsDecodeFailure(inner) || inner is ImageMagick.MagickException))
        {
            throw new ImageLoadException($"corrupt image: {FirstLine(inner.Message)}");
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <param name="orientation">An EXIF orientation to apply when the image carries none (a RAW preview).</param>
    private static RgbImage DecodePixels(byte[] bytes, ushort? orientation)
    {
        using var image = Image.Load<Rgb24>(bytes);

        // AutoOrient reads the image's EXIF profile; TIFF keeps its Orientation tag with the frame's IFD instead.
        var found = image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value
                    ?? image.Frames.RootFrame.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value
                    ?? orientation;
        if (found is { } value && image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation) is null)
        {
            image.Metadata.ExifProfile ??= new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, value);
        }

        image.Mutate(x => x.AutoOrient());
        var rgb = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(rgb);
        return new RgbImage(image.Width, image.Height, rgb);
    }

    public RgbImage Load(string path) => Decode(Read(path).Bytes, path);

    /// <summary>
    /// ImageSharp decodes a cut-off JPEG without complaint (the missing part comes out grey). Entropy-coded data never
    /// contains FF D9, so a JPEG whose tail lacks that end-of-image marker was cut short.
    /// </summary>
    private static bool IsTruncatedJpeg(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8)
        {
            return false;
        }

        var tail = bytes[Math.Max(0, bytes.Length - 4096)..];
        return tail.IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) < 0;
    }

    private static bool IsDecodeFailure(Exception ex) =>
        ex is ImageFormatException or NotSupportedException or InvalidOperationException or ArgumentException
            or IndexOutOfRangeException or NullReferenceException or OverflowException or OutOfMemoryException or EndOfStreamException;
}
