using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FaceCluster.Imaging;
using FaceCluster.Scanning;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Decoding;

/// <summary>
/// Reads, hashes, identifies and decodes one photo, enforcing <see cref="DecodeLimits"/> from the header before
/// decoding, in the orientation the user sees: JPEG, PNG, GIF, BMP, WebP and TIFF with ImageSharp 2.1.13 (it has
/// reported flaws with crafted images, so only the first frame and no text metadata is decoded:
/// <see cref="HardenedConfiguration"/>), HEIC and AVIF with Magick.NET (<see cref="MagickPhotoReader"/>), camera RAW
/// from its embedded preview or raw data (<see cref="RawPreviews"/>). Every way a file can be bad becomes an
/// <see cref="ImageLoadException"/> whose message is the reason stored for the user.
/// </summary>
public sealed class PhotoDecoder(DecodeLimits limits)
{
    public static PhotoDecoder Default { get; } = new(new DecodeLimits());

    /// <summary>
    /// Reads the file (bounded by MaxFileBytes) and returns its bytes and SHA-256. Only a regular file is opened: a FIFO
    /// or a device would block the open or never end.
    /// </summary>
    public (byte[] Bytes, string Sha256) Read(string path)
    {
        if (path.Contains('\uFFFD', StringComparison.Ordinal))
        {
            // .NET sees Linux file names as UTF-8; a name with invalid bytes cannot be opened through the decoded string.
            throw new ImageLoadException("file name is not valid UTF-8 and cannot be opened; rename the file");
        }

        var (status, errno) = FileStatus.Of(path);
        if (errno != 0)
        {
            throw new ImageLoadException(errno switch
            {
                LibC.NoSuchFile or LibC.NotADirectory => $"file not found: {path}",
                LibC.PermissionDenied => "permission denied",
                _ => $"cannot read the file: {Marshal.GetPInvokeErrorMessage(errno)}",
            });
        }

        if (status.Kind != FileKind.Regular)
        {
            throw new ImageLoadException($"not a regular file: {FileStatus.Describe(status.Kind)}");
        }

        if (status.Size > limits.MaxFileBytes)
        {
            throw new ImageLoadException($"file is {status.Size:N0} bytes, over the {limits.MaxFileBytes:N0}-byte limit");
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
            throw new ImageLoadException($"file not found: {path} (it vanished during the run)");
        }
        catch (DirectoryNotFoundException)
        {
            throw new ImageLoadException($"file not found: {path} (it vanished during the run)");
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
    /// Cancelling <paramref name="cancellationToken"/> stops the decode (ImageSharp between rows; others are abandoned).
    /// </summary>
    public RgbImage Decode(byte[] bytes, string? name = null, CancellationToken cancellationToken = default) =>
        DecodeForFaces(bytes, name, reducedSide: 0, cancellationToken).Image;

    /// <summary>
    /// As <see cref="Decode"/>, but a JPEG (a RAW file's preview included) whose longer side has at least twice
    /// <paramref name="reducedSide"/> pixels is decoded at the smallest of 1/2, 1/4 and 1/8 scale that leaves it at
    /// least <paramref name="reducedSide"/> long, and its full-size regions only when asked for. The limits are checked
    /// on the full size before any pixel is decoded; 0 decodes every photo at full size.
    /// </summary>
    public DecodedPhoto DecodeForFaces(byte[] bytes, string? name, int reducedSide, CancellationToken cancellationToken = default)
    {
        var format = PhotoFormats.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, PhotoFormats.HeaderLength)), name);
        return format switch
        {
            PhotoFormat.Heif or PhotoFormat.Avif => DecodedPhoto.Whole(DecodeWithMagick(bytes, format, cancellationToken)),
            PhotoFormat.Raw => DecodeRaw(bytes, reducedSide, cancellationToken),
            _ => DecodeCommon(bytes, orientation: null, reducedSide, cancellationToken),
        };
    }

    private DecodedPhoto DecodeCommon(byte[] bytes, ushort? orientation, int reducedSide, CancellationToken cancellationToken)
    {
        IImageInfo? info;
        IImageFormat? imageFormat;
        try
        {
            info = Image.Identify(HardenedConfiguration.Instance, bytes, out imageFormat);
        }
        catch (Exception ex)
        {
            throw DecodeFailures.Describe(ex, "corrupt image header");
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

        var scale = imageFormat is JpegFormat ? ReducedScale(info.Width, info.Height, reducedSide) : 1;
        if (scale == 1)
        {
            return DecodedPhoto.Whole(DecodeWithin(limits.MaxDecodeTime, token => DecodePixels(bytes, orientation, token), cancellationToken));
        }

        var turn = OrientationOf(info, orientation);
        var (width, height) = turn >= 5 ? (info.Height, info.Width) : (info.Width, info.Height);
        // Magick.NET's limits hold for its JPEG decodes too; one thread each, as decoders already run one per core.
        MagickPhotoReader.ApplyLimits(limits);
        RgbImage DecodeScaled(int divisor) => DecodeWithin(
            limits.MaxDecodeTime,
            _ => MagickPhotoReader.DecodeReducedJpeg(bytes, Math.Max(1, info.Width / divisor), Math.Max(1, info.Height / divisor), turn),
            cancellationToken);
        return new DecodedPhoto(DecodeScaled(scale), width, height, request => request.Divisor == 1
            ? Within(limits.MaxDecodeTime, token => DecodeRegions(bytes, orientation, request.Regions, width, height, token), cancellationToken)
            : [DecodeScaled(request.Divisor)]);
    }

    /// <summary>The largest of 1, 2, 4 and 8 that divides the longer side to no less than <paramref name="reducedSide"/>.</summary>
    private static int ReducedScale(int width, int height, int reducedSide)
    {
        var scale = 8;
        while (scale > 1 && (reducedSide <= 0 || Math.Max(width, height) / scale < reducedSide))
        {
            scale /= 2;
        }

        return scale;
    }

    /// <summary>The EXIF orientation (1..8) ImageSharp's AutoOrient applies to this image; 1 where it applies none.</summary>
    private static ushort OrientationOf(IImageInfo info, ushort? fallback)
    {
        var value = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? fallback ?? 1;
        return value is >= 1 and <= 8 ? value : (ushort)1;
    }

    private RgbImage DecodeWithMagick(byte[] bytes, PhotoFormat format, CancellationToken cancellationToken)
    {
        MagickPhotoReader.ApplyLimits(limits);
        int width, height;
        try
        {
            (width, height) = MagickPhotoReader.Identify(bytes, format);
        }
        catch (Exception ex)
        {
            throw DecodeFailures.Describe(ex, $"corrupt {format.ToString().ToUpperInvariant()} image");
        }

        CheckSize(width, height);
        return DecodeWithin(limits.MaxDecodeTime, _ => MagickPhotoReader.Decode(bytes, format), cancellationToken);
    }

    /// <summary>
    /// A RAW file's largest embedded preview when it is big enough to find faces in (most cameras embed one near full
    /// size), else its raw data through libraw, else whatever preview there is. The RAW's own orientation applies to a
    /// preview that carries none.
    /// </summary>
    private DecodedPhoto DecodeRaw(byte[] bytes, int reducedSide, CancellationToken cancellationToken)
    {
        var previews = RawPreviews.Find(bytes);
        var best = previews.Count > 0 ? previews[0] : null;
        if (best is not null && best.LongSide >= limits.MinRawPreviewSide)
        {
            return DecodePreview(bytes, best, reducedSide, cancellationToken);
        }

        try
        {
            return DecodedPhoto.Whole(DecodeWithMagick(bytes, PhotoFormat.Raw, cancellationToken));
        }
        catch (ImageLoadException) when (best is not null)
        {
            return DecodePreview(bytes, best, reducedSide, cancellationToken);
        }
        catch (ImageLoadException ex)
        {
            throw new ImageLoadException($"camera RAW without a usable embedded preview, and its raw data cannot be decoded ({ex.Message})", ex);
        }
    }

    private DecodedPhoto DecodePreview(byte[] bytes, RawPreview preview, int reducedSide, CancellationToken cancellationToken) =>
        DecodeCommon(bytes.AsSpan(preview.Offset, preview.Length).ToArray(), RawPreviews.TiffOrientation(bytes), reducedSide, cancellationToken);

    private void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageLoadException($"image header claims an empty size {width}x{height}");
        }

        if (width > limits.MaxDimension || height > limits.MaxDimension || (long)width * height > limits.MaxPixels)
        {
            throw new ImageLoadException(
                $"image header claims {width}x{height} pixels, over the limit of {limits.MaxPixels:N0} pixels / {limits.MaxDimension} per side (decompression bomb?)");
        }
    }

    /// <summary>
    /// Runs <paramref name="decode"/> for at most <paramref name="limit"/>. A decode that overruns, or whose run is
    /// cancelled, is cancelled (ImageSharp checks the token between rows) and abandoned: its exception is observed and
    /// its pixels, if it still produces any, are dropped with the task.
    /// </summary>
    internal static RgbImage DecodeWithin(TimeSpan limit, Func<CancellationToken, RgbImage> decode, CancellationToken cancellationToken = default) =>
        Within(limit, decode, cancellationToken);

    private static T Within<T>(TimeSpan limit, Func<CancellationToken, T> decode, CancellationToken cancellationToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var task = Task.Run(() => decode(cancellation.Token));
        bool finished;
        try
        {
            finished = task.Wait(limit, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Abandon(task, cancellation);
            throw;
        }
        catch (AggregateException ex) when (ex.InnerException is { } inner)
        {
            cancellation.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw DecodeFailures.Describe(inner, "corrupt image");
        }

        if (!finished)
        {
            Abandon(task, cancellation);
            throw new ImageLoadException($"decoding took longer than {limit.TotalSeconds:0} s; skipped");
        }

        cancellation.Dispose();
        return task.Result;
    }

    private static void Abandon<T>(Task<T> task, CancellationTokenSource cancellation)
    {
        cancellation.Cancel();
        _ = task.ContinueWith(
            static (abandoned, state) =>
            {
                _ = abandoned.Exception;
                ((CancellationTokenSource)state!).Dispose();
            },
            cancellation, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <param name="orientation">An EXIF orientation to apply when the image carries none (a RAW preview).</param>
    private static RgbImage DecodePixels(byte[] bytes, ushort? orientation, CancellationToken cancellationToken)
    {
        using var image = DecodeOriented(bytes, orientation, cancellationToken);
        var rgb = RgbImage.Rent(image.Width, image.Height);
        image.CopyPixelDataTo(rgb.Writable);
        return rgb;
    }

    /// <summary>
    /// Full-size crops of a photo whose reduced image was decoded before: the whole photo is decoded again (ImageSharp
    /// has no region decoding), but only the regions are kept.
    /// </summary>
    private static IReadOnlyList<RgbImage> DecodeRegions(byte[] bytes, ushort? orientation, IReadOnlyList<PixelRect> regions, int width, int height, CancellationToken cancellationToken)
    {
        using var image = DecodeOriented(bytes, orientation, cancellationToken);
        if (image.Width != width || image.Height != height)
        {
            throw new ImageLoadException($"full-size decode gave {image.Width}x{image.Height} pixels where the header says {width}x{height}");
        }

        var crops = regions.Select(r => RgbImage.Rent(r.Width, r.Height)).ToArray();
        image.ProcessPixelRows(rows =>
        {
            for (var i = 0; i < crops.Length; i++)
            {
                var region = regions[i];
                var crop = crops[i].Writable;
                for (var y = 0; y < region.Height; y++)
                {
                    MemoryMarshal.AsBytes(rows.GetRowSpan(region.Y + y).Slice(region.X, region.Width)).CopyTo(crop[(y * region.Width * 3)..]);
                }
            }
        });
        return crops;
    }

    private static Image<Rgb24> DecodeOriented(byte[] bytes, ushort? orientation, CancellationToken cancellationToken)
    {
        var configuration = HardenedConfiguration.Instance;
        var format = Image.DetectFormat(configuration, bytes)
            ?? throw new ImageLoadException("not a supported image (JPEG, PNG, GIF, BMP, WebP or TIFF)");
        using var stream = new MemoryStream(bytes, writable: false);
        var image = configuration.ImageFormatsManager.FindDecoder(format).Decode<Rgb24>(configuration, stream, cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            // ImageSharp 2.x keeps a TIFF's orientation tag in its frame's profile, where AutoOrient does not look.
            if (image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation) is null && image.Frames.RootFrame.Metadata.ExifProfile is { } frameExif)
            {
                image.Metadata.ExifProfile = frameExif;
            }

            if (orientation is { } fallback && image.Metadata.ExifProfile?.GetValue(ExifTag.Orientation) is null)
            {
                image.Metadata.ExifProfile ??= new ExifProfile();
                image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, fallback);
            }

            image.Mutate(x => x.AutoOrient());
            return image;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    public RgbImage Load(string path) => Decode(Read(path).Bytes, path);

    /// <summary>Reads and decodes a photo as the ingest pipeline does (<see cref="DecodeForFaces"/>).</summary>
    public DecodedPhoto LoadForFaces(string path, int reducedSide) => DecodeForFaces(Read(path).Bytes, path, reducedSide);

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
}
