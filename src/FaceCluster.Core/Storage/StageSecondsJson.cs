using System.Text.Json.Serialization;

namespace FaceCluster.Storage;

/// <summary>A run's busy seconds per stage as stored JSON, generated at build time: every ingest writes one, and reflection-based serialization would be compiled at run time first.</summary>
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
internal sealed partial class StageSecondsJson : JsonSerializerContext;
