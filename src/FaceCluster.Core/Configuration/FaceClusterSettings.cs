namespace FaceCluster.Configuration;

/// <summary>
/// The root of appsettings.json. Relative paths are resolved against the current directory. Settings types have setters
/// rather than init accessors because the configuration binder's source generator, which binds without reflection (so
/// the command-line program can be compiled ahead of time), assigns only settable properties.
/// </summary>
public sealed class FaceClusterSettings
{
    /// <summary>The SQLite library database.</summary>
    public string Database { get; set; } = "facecluster.db";

    /// <summary>Where <c>models install</c> writes the converted ONNX models and where relative model paths point.</summary>
    public string ModelsDirectory { get; set; } = "models";

    /// <summary>The profile used when no <c>--profile</c> is given.</summary>
    public string Profile { get; set; } = "faceapi-int8";

    public Dictionary<string, ModelProfile> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public PipelineSettings Pipeline { get; set; } = new();

    /// <summary>Ingest channel capacities, stage parallelism and decode limits.</summary>
    public Pipeline.IngestOptions Ingest { get; set; } = new();

    /// <summary>Grouping guards and index settings; the threshold itself comes from the profile (or LFW calibration).</summary>
    public Grouping.GroupingOptions Grouping { get; set; } = new();

    /// <summary>The review in a browser: address, port and page size.</summary>
    public ServeSettings Serve { get; set; } = new();

    public ModelProfile GetProfile(string? name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? Profile : name;
        if (!Profiles.TryGetValue(key, out var profile))
        {
            throw new ConfigurationException(
                $"Model profile '{key}' is not configured; known profiles: {string.Join(", ", Profiles.Keys.Order())}.");
        }

        ResolveEmbedders(key, profile);
        if (profile.Threshold is not (> 0 and <= 4))
        {
            throw new ConfigurationException($"Profiles.{key}.Threshold is a squared L2 distance in (0, 4], not {profile.Threshold}.");
        }

        return profile;
    }

    /// <summary>
    /// The embedders profile <paramref name="name"/> runs, validated: its own <see cref="ModelProfile.Embedder"/> with
    /// weight 1, or each of its <see cref="ModelProfile.Embedders"/> taken from the profile it names (jitter and mirroring
    /// overridden when the part sets them).
    /// </summary>
    public IReadOnlyList<ResolvedEmbedder> ResolveEmbedders(string name) => ResolveEmbedders(name, GetProfile(name));

    private List<ResolvedEmbedder> ResolveEmbedders(string name, ModelProfile profile)
    {
        if (!profile.IsFused)
        {
            profile.Embedder.Validate($"Profiles.{name}.Embedder");
            return [new ResolvedEmbedder(name, profile.Embedder, 1f)];
        }

        var parts = new List<ResolvedEmbedder>();
        for (var i = 0; i < profile.Embedders!.Length; i++)
        {
            var part = profile.Embedders[i];
            var owner = $"Profiles.{name}.Embedders.{i}";
            if (!Profiles.TryGetValue(part.Profile, out var source) || source.IsFused)
            {
                throw new ConfigurationException($"{owner}.Profile '{part.Profile}' must name a configured profile with a single Embedder.");
            }

            if (part.Weight is not (> 0 and <= 1000) || part.Jitter is < 0)
            {
                throw new ConfigurationException($"{owner}: Weight must be positive (at most 1000) and Jitter at least 0.");
            }

            var embedder = source.Embedder with { Jitter = part.Jitter ?? source.Embedder.Jitter, Mirror = part.Mirror ?? source.Embedder.Mirror };
            embedder.Validate($"Profiles.{part.Profile}.Embedder");
            if (!embedder.Normalize)
            {
                throw new ConfigurationException($"{owner}: profile '{part.Profile}' keeps raw vectors (Normalize false); fused embedders must be unit vectors.");
            }

            parts.Add(new ResolvedEmbedder(part.Profile, embedder, part.Weight));
        }

        return parts;
    }

    /// <summary>Resolves a model path from a profile: absolute, or relative to <see cref="ModelsDirectory"/>.</summary>
    public string ResolveModelPath(string model) =>
        Path.GetFullPath(Path.IsPathRooted(model) ? model : Path.Combine(ModelsDirectory, model));
}
