using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Models;

/// <summary>
/// models/models.json: what <c>models install</c> wrote, with checksums and a probe (a fixed pseudo-random input and
/// the first outputs it gave), so <c>models verify</c> can prove later that files and runtime still agree.
/// </summary>
public sealed record ModelManifest(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("sourceSha256")] string SourceSha256,
    [property: JsonPropertyName("converterVersion")] int ConverterVersion,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelEntry> Models,
    [property: JsonPropertyName("otherSources")] IReadOnlyDictionary<string, string>? OtherSources = null)
{
    public const string FileName = "models.json";

    public static ModelManifest? TryLoad(string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ModelManifestJson.Default.ModelManifest);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public ModelEntry? Find(string file) =>
        Models.FirstOrDefault(m => string.Equals(m.File, Path.GetFileName(file), StringComparison.Ordinal));

    public void Save(string modelsDirectory)
    {
        var path = Path.Combine(modelsDirectory, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, ModelManifestJson.Default.ModelManifest));
        File.Move(temp, path, overwrite: true);
    }
}

/// <param name="Name">Short role name: detector, landmarks, recognizer, facenet-random.</param>
/// <param name="ProbeOutput">The first values of the model's first output for <see cref="ModelProbe"/>'s input.</param>
public sealed record ModelEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("probeOutput")] float[] ProbeOutput);

/// <summary>models.json, generated at build time (indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJson : JsonSerializerContext;
