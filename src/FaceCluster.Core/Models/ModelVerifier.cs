using FaceCluster.Configuration;
using FaceCluster.Embedding;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Models;

/// <summary>
/// Proves that a profile's models are usable: the file exists, its SHA-256 matches models.json (or the profile),
/// ONNX Runtime loads it, its shapes fit the profile, and a fixed probe input reproduces the outputs recorded at install.
/// </summary>
public static class ModelVerifier
{
    private const float ProbeTolerance = 1e-3f;

    public static IReadOnlyList<ModelCheck> Verify(FaceClusterSettings settings, string profileName)
    {
        var profile = settings.GetProfile(profileName);
        var manifest = ModelManifest.TryLoad(Path.GetFullPath(settings.ModelsDirectory));
        var embedders = settings.ResolveEmbedders(profileName);
        return
        [
            Check(profileName, "detector", settings.ResolveModelPath(profile.Detector.Model), profile.Detector.Sha256, manifest, _ => { }),
            Check(profileName, "landmarks", settings.ResolveModelPath(profile.Detector.LandmarkModel), profile.Detector.LandmarkSha256, manifest, _ => { }),
            .. embedders.Select(e => Check(profileName, embedders.Count == 1 ? "embedder" : $"embedder {e.Name}", settings.ResolveModelPath(e.Embedder.Model), e.Embedder.Sha256, manifest,
                path => new OnnxFaceEmbedder(path, e.Embedder).Dispose())),
        ];
    }

    private static ModelCheck Check(string profile, string role, string path, string? expectedSha, ModelManifest? manifest, Action<string> shapeCheck)
    {
        try
        {
            var entry = manifest?.Find(path);
            var sha = OnnxSessionFactory.Sha256Of(File.Exists(path) ? path : throw new ModelLoadException($"{path} does not exist ({Configuration.InstallLocations.MissingModelHint})"));
            var expected = !string.IsNullOrWhiteSpace(expectedSha) ? expectedSha : entry?.Sha256;
            if (expected is not null && !string.Equals(expected, sha, StringComparison.OrdinalIgnoreCase))
            {
                return new ModelCheck(profile, role, path, false, $"SHA-256 {sha} differs from the expected {expected}", sha);
            }

            float[] probe;
            using (var session = OnnxSessionFactory.Open(path))
            {
                probe = ModelProbe.Run(session);
            }

            shapeCheck(path);
            if (entry is not null && !Close(entry.ProbeOutput, probe))
            {
                return new ModelCheck(profile, role, path, false, "probe output differs from the one recorded at install", sha);
            }

            var how = entry is not null ? "checksum, shapes and probe output match" : expected is not null ? "checksum and shapes match" : "loads, shapes fit (no checksum configured)";
            return new ModelCheck(profile, role, path, true, how, sha);
        }
        catch (Exception ex) when (ex is ModelLoadException or OnnxRuntimeException or IOException or UnauthorizedAccessException)
        {
            return new ModelCheck(profile, role, path, false, ex.Message, null);
        }
    }

    private static bool Close(float[] expected, float[] actual) =>
        expected.Length == actual.Length
        && expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= ProbeTolerance * Math.Max(1, Math.Abs(p.First)));
}
