using Microsoft.ML.OnnxRuntime;
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
        ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { Profile.Detector, Embedders = _embedders })
        : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { Profile.Detector, _embedders[0].Embedder })))[..12].ToLowerInvariant();

    private string? _fingerprint;

    public IFaceDetector Detector { get; }

    public FaceLandmark68Detector Landmarks { get; }

    /// <summary>Aligns a face for every embedder of the profile, into <see cref="FusedEmbedder.InputLength"/> floats.</summary>
    public IFaceAligner Aligner { get; }

    public FusedEmbedder Embedder { get; }

    /// <summary>
    /// Loads the profile's models. Their ONNX sessions are created at once on the thread pool: a session's graph
    /// optimisation takes a good part of a short run's start-up, and the sessions do not depend on each other.
    /// </summary>
    public static FaceModels Load(FaceClusterSettings settings, string? profileName)
    {
        var name = string.IsNullOrWhiteSpace(profileName) ? settings.Profile : profileName;
        var profile = settings.GetProfile(name);
        var embedders = settings.ResolveEmbedders(name);
        var threads = settings.Pipeline.IntraOpThreads;
        IFaceDetector LoadDetector()
        {
            // Each session copies what it needs from its options when it is created.
            using var options = OnnxSessionFactory.CreateOptions(threads);
            return new SsdMobilenetV1Detector(settings.ResolveModelPath(profile.Detector.Model), DetectorOptions(profile.Detector, name), options, profile.Detector.Sha256);
        }

        T Session<T>(Func<SessionOptions, T> open)
        {
            using var options = OnnxSessionFactory.CreateOptions(threads);
            return open(options);
        }

        var detector = Task.Run(LoadDetector);
        var landmarks = Task.Run(() => Session(options => new FaceLandmark68Detector(
            settings.ResolveModelPath(profile.Detector.LandmarkModel), options, profile.Detector.LandmarkSha256)));
        var onnx = embedders.Select(resolved => Task.Run(() => Session(options => new OnnxFaceEmbedder(
            settings.ResolveModelPath(resolved.Embedder.Model), resolved.Embedder, options)))).ToList();
        Task[] all = [detector, landmarks, .. onnx];
        try
        {
            Task.WaitAll(all);
            var parts = new List<EmbedderPart>();
            var (inputOffset, outputOffset) = (0, 0);
            foreach (var (resolved, session) in embedders.Zip(onnx, (r, t) => (r, t.Result)))
            {
                var owner = $"Profiles.{resolved.Name}.Embedder";
                var input = InputFormat.From(resolved.Embedder, owner);
                parts.Add(new EmbedderPart(resolved.Name, resolved.Weight, session, input, FaceAlignerFactory.Create(resolved.Embedder, input, owner), inputOffset, outputOffset));
                inputOffset += session.InputLength;
                outputOffset += session.Dimension;
            }

            return new FaceModels(name, profile, embedders, detector.Result, landmarks.Result, new FusedEmbedder(parts), LoadDetector);
        }
        catch (Exception ex)
        {
            DisposeLoaded(detector);
            DisposeLoaded(landmarks);
            onnx.ForEach(DisposeLoaded);

            // The first failure as it was thrown (a ModelLoadException names the bad file), not wrapped.
            var first = all.FirstOrDefault(t => t.IsFaulted)?.Exception?.InnerException ?? ex;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
            throw;
        }
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

    private static void DisposeLoaded<T>(Task<T> session)
        where T : IDisposable
    {
        if (session.IsCompletedSuccessfully)
        {
            session.Result.Dispose();
        }
    }
}
