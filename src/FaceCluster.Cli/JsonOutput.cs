using System.Text.Json.Serialization;

namespace FaceCluster.Cli;

/// <summary>
/// What the commands print or write as JSON, generated at build time (camel-case names, indented) so the program
/// needs no reflection to write it.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatusJson))]
[JsonSerializable(typeof(SuggestJson))]
[JsonSerializable(typeof(List<SearchFaceJson>))]
[JsonSerializable(typeof(EmbedJson))]
[JsonSerializable(typeof(LfwJson))]
[JsonSerializable(typeof(LfwClusterJson))]
internal sealed partial class JsonOutput : JsonSerializerContext;

/// <summary><c>status --json</c>.</summary>
internal sealed record StatusJson(
    string Database, int SchemaVersion, int Photos, int PhotosFailed, int PhotosMissing, int Faces, string Profile, StatusRunJson? LastRun);

/// <summary>The last run in <c>status --json</c>.</summary>
internal sealed record StatusRunJson(
    string Kind, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double Seconds, int FilesSeen, int FilesNew,
    int FilesChanged, int FilesUnchanged, int FilesFailed, int FilesMissing, int FacesAdded, IReadOnlyDictionary<string, double> StageSeconds);

/// <summary><c>suggest --json</c>.</summary>
internal sealed record SuggestJson(string Profile, IReadOnlyList<SuggestionJson> Suggestions);

/// <summary>One pair of people <c>suggest</c> proposes to merge.</summary>
internal sealed record SuggestionJson(long PersonA, string? NameA, int FacesA, long PersonB, string? NameB, int FacesB, double Distance, int Links);

/// <summary>One face of the photo in <c>search --json</c>, with its nearest stored faces.</summary>
internal sealed record SearchFaceJson(float[] Box, IReadOnlyList<NeighbourJson> Neighbours);

/// <summary>A stored face near a searched one.</summary>
internal sealed record NeighbourJson(long FaceId, float Distance, string Path, long? Person, string? Name);

/// <summary><c>embed --json</c>.</summary>
internal sealed record EmbedJson(string Profile, int Dimension, IReadOnlyList<EmbedPartJson> Parts, int Width, int Height, IReadOnlyList<EmbeddedFaceJson> Faces);

/// <summary>Where one embedder's output lies in a (fused) embedding.</summary>
internal sealed record EmbedPartJson(string Name, float Weight, int Offset, int Length);

/// <summary>One face's box, score and embedding.</summary>
internal sealed record EmbeddedFaceJson(float[] Box, float Score, float[] Embedding);

/// <summary><c>lfw --json</c>: verification on LFW's pairs.</summary>
internal sealed record LfwJson(
    double Accuracy, double AccuracyStd, double ValAtFar1e3, double ValStd, double Far, double Auc, double Eer, double Threshold,
    IReadOnlyList<double> FoldThresholds, IReadOnlyList<double> FoldAccuracies, int Pairs, int SkippedPairs, int Images, int NoFaceFallbacks,
    string Profile, string ProfileFingerprint, bool Flip, double Seconds, int CachedImages, IReadOnlyList<LfwPartJson> Parts);

/// <summary>One embedder of a fused profile, verified alone.</summary>
internal sealed record LfwPartJson(string Name, float Weight, int Dimension, double Accuracy, double Auc, double Eer, double Threshold);

/// <summary><c>lfw --cluster --json</c>: clustering quality on LFW people.</summary>
internal sealed record LfwClusterJson(
    string Profile, int MinImages, int People, int Photos, int Faces, int Clusters, int Unassigned, double PairwisePrecision,
    double PairwiseRecall, double PairwiseF, [property: JsonPropertyName("bcubedPrecision")] double BCubedPrecision,
    [property: JsonPropertyName("bcubedRecall")] double BCubedRecall, [property: JsonPropertyName("bcubedF")] double BCubedF, double Nmi, float Threshold,
    double IngestSeconds, double GroupSeconds);
