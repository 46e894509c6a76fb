// Cuts every face out of photos the way a FaceCluster profile aligns it for its embedder and writes each aligned face
// as a lossless PNG, so tools/reference can run TensorFlow.js on exactly the faces our pipeline feeds the ONNX model.
// Usage: AlignedFaces APPSETTINGS MODELS_DIR PROFILE OUT_DIR IMAGE...   Prints "name<TAB>size" per face.
using FaceCluster.Alignment;
using FaceCluster.Analysis;
using FaceCluster.Configuration;
using FaceCluster.Decoding;
using FaceCluster.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

if (args.Length < 5)
{
    Console.Error.WriteLine("usage: AlignedFaces APPSETTINGS MODELS_DIR PROFILE OUT_DIR IMAGE...");
    return 2;
}

var settings = SettingsLoader.Load(args[0], new Dictionary<string, string?> { ["ModelsDirectory"] = Path.GetFullPath(args[1]) });
var profile = settings.GetProfile(args[2]).Embedder;
using var models = FaceModels.Load(settings, args[2]);
var analyzer = new FaceAnalyzer(models);
// Pixel values as they are (no normalisation), interleaved, so each float is one RGB byte before rounding.
var raw = new InputFormat(profile.InputSize, TensorLayout.Nhwc, false, ChannelNormalization.ScaleOffset(1, 0));
var aligner = FaceAlignerFactory.Create(profile, raw, "AlignedFaces");
var buffer = new float[raw.Length];
Directory.CreateDirectory(args[3]);
foreach (var path in args.Skip(4))
{
    var image = PhotoDecoder.Default.Load(path);
    var faces = analyzer.Detect(image).Where(f => f.QuarterTurns == 0).ToList();
    var landmarks = models.Landmarks.DetectMany(image, faces.Select(f => f.Box).ToList());
    for (var i = 0; i < faces.Count; i++)
    {
        aligner.Align(image, faces[i].Box, landmarks[i], buffer);
        using var png = Image.LoadPixelData<Rgb24>(buffer.Select(v => (byte)Math.Clamp(MathF.Round(v), 0, 255)).ToArray(), raw.Size, raw.Size);
        var name = $"{Path.GetFileNameWithoutExtension(path)}_{i}";
        png.SaveAsPng(Path.Combine(args[3], name + ".png"));
        Console.WriteLine($"{name}\t{raw.Size}");
    }
}

return 0;
