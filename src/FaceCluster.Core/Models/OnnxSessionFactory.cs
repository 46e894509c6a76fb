using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Models;

/// <summary>Opens ONNX Runtime sessions with FaceCluster's options and turns every way a model file can be bad into one clear message.</summary>
public static class OnnxSessionFactory
{
    public static SessionOptions CreateOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            InterOpNumThreads = 1,
        };
        if (intraOpThreads > 0)
        {
            options.IntraOpNumThreads = intraOpThreads;
        }

        // Spinning worker threads burn the cores the other pipeline stages (decoders, the other sessions) need; on a
        // busy two-core machine turning it off is faster overall.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");

        return options;
    }

    public static InferenceSession Open(string path, SessionOptions? options = null, string? expectedSha256 = null)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"Model file {path} does not exist ({Configuration.InstallLocations.MissingModelHint}).");
        }

        if (!string.IsNullOrWhiteSpace(expectedSha256))
        {
            var actual = Sha256Of(path);
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelLoadException($"Model file {path} has SHA-256 {actual}, expected {expectedSha256.ToLowerInvariant()} (corrupt or replaced).");
            }
        }

        try
        {
            return options is null ? new InferenceSession(path) : new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"Model file {path} is not a loadable ONNX model (truncated or corrupt?): {FirstLine(ex.Message)}", ex);
        }
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
