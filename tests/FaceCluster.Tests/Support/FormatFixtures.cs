using System.Diagnostics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FaceCluster.Tests.Support;

/// <summary>
/// One photo written in every format FaceCluster reads, by the tools a library's files come from: ImageSharp for PNG,
/// TIFF and WebP, Debian's heif-enc (x265, libaom) for HEIC and AVIF, ExifTool for orientation tags and for RAW files
/// whose embedded preview is the photo (the RAW bodies come from ../shared/formats, never copied into the repository).
/// </summary>
public static class FormatFixtures
{
    public static string SharedFormats => Path.Combine(TestPaths.Shared, "formats");

    /// <summary>
    /// Writes <paramref name="source"/>, <paramref name="width"/> pixels wide (the encoders are slow on full photos), as
    /// a lossless PNG: the reference pixels.
    /// </summary>
    public static string Png(string source, string folder, string name, RotateMode rotate = RotateMode.None, int width = 960)
    {
        using var image = Image.Load<Rgb24>(source);
        image.Mutate(x => x.Resize(width, 0).Rotate(rotate));
        var path = Path.Combine(folder, name);
        image.Save(path, new PngEncoder());
        return path;
    }

    public static string Tiff(string png, string path)
    {
        using var image = Image.Load<Rgb24>(png);
        image.Save(path, new TiffEncoder());
        return path;
    }

    public static string WebpLossless(string png, string path)
    {
        using var image = Image.Load<Rgb24>(png);
        image.Save(path, new WebpEncoder { FileFormat = WebpFileFormatType.Lossless });
        return path;
    }

    /// <summary>HEIC (HEVC) or AVIF (AV1, chosen by the .avif extension) with heif-enc; <paramref name="lossless"/> codes RGB exactly.</summary>
    public static string Heif(string png, string path, bool lossless)
    {
        Run("heif-enc", [.. lossless ? new[] { "-L" } : ["-q", "90"], "-o", path, png]);
        return path;
    }

    /// <summary>Sets the EXIF orientation (1..8) with ExifTool, in place.</summary>
    public static void TagOrientation(string path, int orientation) =>
        Run("exiftool", ["-q", "-overwrite_original", $"-Orientation#={orientation}", path]);

    /// <summary>A copy of a RAW body from ../shared/formats whose embedded preview ExifTool replaced with <paramref name="jpeg"/>.</summary>
    public static string RawWithPreview(string sharedRaw, string jpeg, string path)
    {
        File.Copy(Path.Combine(SharedFormats, sharedRaw), path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Run("exiftool", ["-q", "-overwrite_original", $"-PreviewImage<={jpeg}", path]);
        return path;
    }

    public static string Jpeg(string png, string path, int quality = 95)
    {
        using var image = Image.Load<Rgb24>(png);
        image.Save(path, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = quality });
        return path;
    }

    /// <summary>Runs ExifTool with <paramref name="args"/>; returns what it printed.</summary>
    public static string ExifTool(params string[] args) => Run("exiftool", args);

    private static string Run(string tool, string[] args)
    {
        var found = new[] { "/usr/bin", "/usr/local/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
        Assert.True(found is not null, $"{tool} is needed (Debian: libheif-examples, libimage-exiftool-perl; ./test.sh installs them)");
        var start = new ProcessStartInfo(found!, args) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), $"{tool} did not finish");
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {error.Result}");
        return output;
    }
}
