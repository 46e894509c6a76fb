using FaceCluster.Alignment;
using FaceCluster.Configuration;
using FaceCluster.Detection;
using FaceCluster.Embedding;
using FaceCluster.Landmarks;
using FaceCluster.Models;

namespace FaceCluster.Analysis;

/// <summary>The loaded models of one profile: detector, landmarks, and each embedder with its aligner, created and disposed together.</summary>
public sealed class FaceModels : IDisposable
{
    private readonly Func<IFaceDetector> _loadDetector;

    private FaceModels(string profileName, ModelProfile profile, IReadOnlyList<ResolvedEmbedder> embedders, IFaceDetector detector, FaceLandmark68Detector landmarks, FusedEmbedder embedder, Func<IFaceDetector> loadDetector)
    {
        _loadDetector = loadDetector;
        _embedders = embedders;
        Aligner = embedder.IsFused ? new FusedAligner(embedder.Parts) : embedder.Parts[0].Aligner;
        ProfileName = profileName;
        Profile = profile;
        Detector = detector;
        Landmarks = landmarks;
        Embedder = embedder;
    }

    private readonly IReadOnlyList<ResolvedEmbedder> _embedders;

    public string ProfileName { get; }

    public ModelProfile Profile { get; }

    /// <summary>
    /// A short hash of everything in the profile that shapes an embedding (models, sizes, normalisation, alignment, and
    /// for a fused profile each part's weight), so caches of embeddings notice when the profile changed under the same name.
    /// </summary>
    public string Fingerprint => _fingerprint ??= Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Embedder.IsFused
        ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new FusedProfileShape(Profile.Detector, _embedders), FingerprintJson.Default.FusedProfileShape)
        : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new SingleProfileShape(Profile.Detector, _embedders[0].Embedder), FingerprintJson.Default.SingleProfileShape)))[..12].ToLowerInvariant();

    private string? _fingerprint;

    public IFaceDetector Detector { get; }

    public FaceLandmark68Detector Landmarks { get; }

    /// <summary>Aligns a face for every embedder of the profile, into <see cref="FusedEmbedder.InputLength"/> floats.</summary>
    public IFaceAligner Aligner { get; }

    public FusedEmbedder Embedder { get; }

    /// <summary>
    /// Starts ONNX Runtime (its native library and environment, which every session needs first) in the background, so
    /// that a command can open its library meanwhile; <see cref="Load"/> then finds it running.
    /// </summary>
    public static Task StartRuntime() => Task.Run(() => Microsoft.ML.OnnxRuntime.OrtEnv.Instance());

    public static FaceModels Load(FaceClusterSettings settings, string? profileName)
    {
        var name = string.IsNullOrWhiteSpace(profileName) ? settings.Profile : profileName;
        var profile = settings.GetProfile(name);
        var embedders = settings.ResolveEmbedders(name);
        var threads = settings.Pipeline.IntraOpThreads;
        IFaceDetector LoadDetector()
        {
            using var options = OnnxSessionFactory.CreateOptions(threads);
            return new SsdMobilenetV1Detector(settings.ResolveModelPath(profile.Detector.Model), DetectorOptions(profile.Detector, name), options, profile.Detector.Sha256);
        }

        FaceLandmark68Detector LoadLandmarks()
        {
            using var options = OnnxSessionFactory.CreateOptions(threads);
            return new FaceLandmark68Detector(settings.ResolveModelPath(profile.Detector.LandmarkModel), options, profile.Detector.LandmarkSha256);
        }

        OnnxFaceEmbedder LoadEmbedder(ResolvedEmbedder resolved)
        {
            using var options = OnnxSessionFactory.CreateOptions(threads);
            return new OnnxFaceEmbedder(settings.ResolveModelPath(resolved.Embedder.Model), resolved.Embedder, options);
        }

        // Creating a session is mostly single-threaded graph work, so the sessions are created side by side: a short
        // run starts sooner.
        var loaded = LoadTogether([LoadDetector, LoadLandmarks, .. embedders.Select(e => (Func<IDisposable>)(() => LoadEmbedder(e)))]);
        try
        {
            var parts = new List<EmbedderPart>();
            var (inputOffset, outputOffset) = (0, 0);
            foreach (var (resolved, onnx) in embedders.Zip(loaded.Skip(2).Cast<OnnxFaceEmbedder>()))
            {
                var owner = $"Profiles.{resolved.Name}.Embedder";
                var input = InputFormat.From(resolved.Embedder, owner);
                parts.Add(new EmbedderPart(resolved.Name, resolved.Weight, onnx, input, FaceAlignerFactory.Create(resolved.Embedder, input, owner), inputOffset, outputOffset));
                inputOffset += onnx.InputLength;
                outputOffset += onnx.Dimension;
            }

            return new FaceModels(name, profile, embedders, (IFaceDetector)loaded[0], (FaceLandmark68Detector)loaded[1], new FusedEmbedder(parts), LoadDetector);
        }
        catch
        {
            Array.ForEach(loaded, d => d.Dispose());
            throw;
        }
    }

    /// <summary>Runs every load at once; when one fails, the others' results are disposed and its error is thrown.</summary>
    private static IDisposable[] LoadTogether(IReadOnlyList<Func<IDisposable>> loads)
    {
        var tasks = loads.Select(load => Task.Run(load)).ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            foreach (var task in tasks.Where(t => t.IsCompletedSuccessfully))
            {
                task.Result.Dispose();
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(tasks.First(t => t.IsFaulted).Exception!.InnerException!);
        }

        return [.. tasks.Select(t => t.Result)];
    }

    /// <summary>The profile's detector settings as options; a value out of range is the user's configuration, not a bug.</summary>
    private static SsdMobilenetV1Options DetectorOptions(DetectorProfile detector, string profileName)
    {
        try
        {
            return new SsdMobilenetV1Options { MinConfidence = detector.MinScore, MaxResults = detector.MaxResults, IouThreshold = detector.IouThreshold, ZoomOutRetry = detector.ZoomOutRetry };
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ConfigurationException($"Profiles.{profileName}.Detector: {ex.Message}");
        }
    }

    /// <summary>
    /// Another detector of this profile with its own session, for a second detect worker; the caller disposes it.
    /// </summary>
    public IFaceDetector LoadDetector() => _loadDetector();

    public void Dispose()
    {
        Detector.Dispose();
        Landmarks.Dispose();
        Embedder.Dispose();
    }
}
