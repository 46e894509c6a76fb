using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Onnx.Quantization;

/// <summary>The smallest and largest value seen in one activation tensor during calibration.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    public ActivationRange Including(ReadOnlySpan<float> values)
    {
        var min = Min;
        var max = Max;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return new ActivationRange(min, max);
    }
}

/// <summary>
/// Calibrated activation ranges of one float graph, by tensor name, with a note of what they were measured on.
/// Stored as JSON beside the converters so that set-up quantizes the same way on every machine without images.
/// </summary>
public sealed record ActivationRanges(string Model, string CalibratedOn, IReadOnlyDictionary<string, ActivationRange> Tensors)
{
    public static ActivationRanges Load(Stream stream) =>
        JsonSerializer.Deserialize(stream, ActivationRangesJson.Default.ActivationRanges) ?? throw new InvalidDataException("Empty activation ranges file.");

    public string ToJson() => JsonSerializer.Serialize(this, ActivationRangesJson.Default.ActivationRanges);
}

/// <summary>The ranges file's JSON, generated at build time (indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ActivationRanges))]
internal sealed partial class ActivationRangesJson : JsonSerializerContext;
