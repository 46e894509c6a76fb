using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;

namespace FaceCluster.Decoding;

/// <summary>
/// ImageSharp's configuration for identifying and decoding untrusted photos. Only the first frame is ever needed, and a
/// PNG's text chunks are not: left on, a 1 MB PNG with zTXt/iTXt chunks inflates to a gigabyte of text, and a small GIF
/// of a thousand 1000x1000 frames decodes to gigabytes of pixels. JPEG, WebP and TIFF keep their metadata, which holds
/// the EXIF orientation.
/// </summary>
internal static class HardenedConfiguration
{
    public static SixLabors.ImageSharp.Configuration Instance { get; } = Create();

    private static SixLabors.ImageSharp.Configuration Create()
    {
        // A configuration of its own (Clone would share, and so change, the default's format manager) that knows only
        // the six documented formats.
        var configuration = new SixLabors.ImageSharp.Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(),
            new BmpConfigurationModule(), new WebpConfigurationModule(), new TiffConfigurationModule());
        var formats = configuration.ImageFormatsManager;
        formats.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        formats.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = 1, IgnoreMetadata = true });
        formats.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });

        // Every decoded photo is copied out into an RgbImage at once, so ImageSharp's buffers are short-lived: a small
        // pool is enough, where the default one keeps many 12 MP buffers alive (docs/results: peak working set).
        configuration.MemoryAllocator = SixLabors.ImageSharp.Memory.MemoryAllocator.Create(
            new SixLabors.ImageSharp.Memory.MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 64 });
        return configuration;
    }
}
