// Decodes photos exactly as FaceCluster does (ImageSharp 2.1.13, EXIF auto-orient, RGB) and writes them as lossless
// PNGs, so the face-api.js reference script in tools/reference sees the very pixels our C# pipeline sees.
// Usage: FixtureInputs OUT_DIR IMAGE...   Prints "name<TAB>width<TAB>height<TAB>sha256-of-RGB-bytes" per image.
using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: FixtureInputs OUT_DIR IMAGE...");
    return 2;
}

Directory.CreateDirectory(args[0]);
foreach (var path in args.Skip(1))
{
    using var image = Image.Load<Rgb24>(path);
    image.Mutate(x => x.AutoOrient());
    var rgb = new byte[image.Width * image.Height * 3];
    image.CopyPixelDataTo(rgb);
    var name = Path.GetFileNameWithoutExtension(path);
    image.SaveAsPng(Path.Combine(args[0], name + ".png"));
    Console.WriteLine($"{name}\t{image.Width}\t{image.Height}\t{Convert.ToHexString(SHA256.HashData(rgb)).ToLowerInvariant()}");
}

return 0;
