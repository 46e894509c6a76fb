using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Storage;

/// <summary>What both backends' corrections logs share: the same rows, read and written the same way.</summary>
internal static class CorrectionLog
{
    /// <summary>Entries that are not undos and that no undo names (the table aliased c).</summary>
    public const string NotUndone = "c.kind <> 'undo' AND NOT EXISTS (SELECT 1 FROM corrections u WHERE u.undoes = c.id)";

    public static string Serialize(CorrectionData data) => JsonSerializer.Serialize(data, CorrectionJson.Default.CorrectionData);

    public static CorrectionData Deserialize(string json) => JsonSerializer.Deserialize(json, CorrectionJson.Default.CorrectionData)!;

    public static CorrectionEntry Entry(long id, string kind, string json, string createdAt) =>
        new(id, kind, CorrectionKinds.Describe(kind, Deserialize(json)), DateTimeOffset.Parse(createdAt, CultureInfo.InvariantCulture));
}

/// <summary>A correction's JSON, generated at build time with the serializer's default options.</summary>
[JsonSerializable(typeof(CorrectionData))]
internal sealed partial class CorrectionJson : JsonSerializerContext;
