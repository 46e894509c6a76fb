namespace FaceCluster.Configuration;

/// <summary>The root of appsettings.json. Relative paths are resolved against the current directory.</summary>
public sealed class FaceClusterSettings
{
    /// <summary>The SQLite library database.</summary>
    public string Database { get; init; } = "facecluster.db";

    /// <summary>Where <c>models install</c> writes the converted ONNX models and where relative model paths point.</summary>
    public string ModelsDirectory { get; init; } = "models";

    /// <summary>The profile used when no <c>--profile</c> is given.</summary>
    public string Profile { get; init; } = "faceapi";

    public Dictionary<string, ModelProfile> Profiles { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public PipelineSettings Pipeline { get; init; } = new();

    /// <summary>Ingest channel capacities, stage parallelism and decode limits.</summary>
    public Pipeline.IngestOptions Ingest { get; init; } = new();

    /// <summary>Grouping guards and index settings; the threshold itself comes from the profile (or LFW calibration).</summary>
    public Grouping.GroupingOptions Grouping { get; init; } = new();

    /// <summary>The review in a browser: address, port and page size.</summary>
    public ServeSettings Serve { get; init; } = new();

    public ModelProfile GetProfile(string? name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? Profile : name;
        if (!Profiles.TryGetValue(key, out var profile))
        {
            throw new ConfigurationException(
                $"Model profile '{key}' is not configured; known profiles: {string.Join(", ", Profiles.Keys.Order())}.");
        }

        profile.Embedder.Validate($"Profiles.{key}.Embedder");
        if (profile.Threshold is not (> 0 and <= 4))
        {
            throw new ConfigurationException($"Profiles.{key}.Threshold is a squared L2 distance in (0, 4], not {profile.Threshold}.");
        }

        return profile;
    }

    /// <summary>Resolves a model path from a profile: absolute, or relative to <see cref="ModelsDirectory"/>.</summary>
    public string ResolveModelPath(string model) =>
        Path.GetFullPath(Path.IsPathRooted(model) ? model : Path.Combine(ModelsDirectory, model));
}
