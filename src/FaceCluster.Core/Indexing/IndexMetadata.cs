using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Indexing;

/// <summary>
/// The JSON sidecar saved next to an index file, describing what the index was built from, so a caller can tell whether
/// it still matches the database (same profile, dimension and exact set of face ids) before trusting it.
/// </summary>
/// <remarks>Immutable. <see cref="CreatedUtc"/> and <see cref="FormatVersion"/> are informative; <see cref="Matches"/> ignores the time.</remarks>
public sealed record IndexMetadata
{
    /// <summary>Bumped when the meaning of a field changes; a sidecar with another version never matches.</summary>
    /// <remarks>2: <see cref="ContentHash"/> added; a version-1 sidecar cannot vouch for the vectors, so it never matches.</remarks>
    public const int CurrentFormatVersion = 2;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Embedder profile whose vectors are indexed (vectors of different profiles are not comparable).</summary>
    public required string Profile { get; init; }

    public required int Dimension { get; init; }

    /// <summary>Always "l2sq" today; recorded so a future metric change cannot be mistaken for a match.</summary>
    public string Metric { get; init; } = "l2sq";

    public required long Count { get; init; }

    /// <summary>Largest face id in the index (-1 when empty): a cheap first check before hashing.</summary>
    public required long MaxFaceId { get; init; }

    /// <summary><see cref="KeySetHash"/> of every face id in the index.</summary>
    public required string KeySetHash { get; init; }

    /// <summary>
    /// Fingerprint of the indexed content (ids and their vectors), set by the caller that knows the vectors. Ids alone
    /// cannot tell a vector replaced under the same id; this can. Null: the caller does not track content.
    /// </summary>
    public string? ContentHash { get; init; }

    public DateTimeOffset CreatedUtc { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The sidecar path used for an index file: <c>index.usearch</c> → <c>index.usearch.json</c>.</summary>
    public static string SidecarPath(string indexPath) => indexPath + ".json";

    /// <summary>Describes an index holding exactly <paramref name="faceIds"/>.</summary>
    public static IndexMetadata Describe(string profile, int dimension, IEnumerable<long> faceIds) =>
        Describe(profile, dimension, Indexing.KeySetHash.Of(faceIds));

    /// <summary>Describes an index holding the keys already fed to <paramref name="keys"/>.</summary>
    public static IndexMetadata Describe(string profile, int dimension, KeySetHash keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        return new IndexMetadata
        {
            Profile = profile,
            Dimension = dimension,
            Count = keys.Count,
            MaxFaceId = keys.MaxKey,
            KeySetHash = keys.ToString(),
        };
    }

    /// <summary>Reads a sidecar; null when the file is missing or is not a readable sidecar (either way: rebuild).</summary>
    public static IndexMetadata? TryLoad(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), IndexMetadataJson.Default.IndexMetadata);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>True when both describe the same content: format, profile, dimension, metric, key set and content.</summary>
    public bool Matches(IndexMetadata other) =>
        FormatVersion == other.FormatVersion
        && string.Equals(Profile, other.Profile, StringComparison.Ordinal)
        && Dimension == other.Dimension
        && string.Equals(Metric, other.Metric, StringComparison.Ordinal)
        && Count == other.Count
        && MaxFaceId == other.MaxFaceId
        && string.Equals(KeySetHash, other.KeySetHash, StringComparison.Ordinal)
        && string.Equals(ContentHash, other.ContentHash, StringComparison.Ordinal);

    /// <summary>Writes the sidecar atomically (temporary file, flush, rename).</summary>
    public void Save(string path) =>
        AtomicFile.Replace(path, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(this, IndexMetadataJson.Default.IndexMetadata)));
}

/// <summary>The sidecar's JSON, generated at build time: every ingest saves one, and reflection-based serialization would be compiled at run time first.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(IndexMetadata))]
internal sealed partial class IndexMetadataJson : JsonSerializerContext;
