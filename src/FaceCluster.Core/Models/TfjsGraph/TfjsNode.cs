using System.Text;
using System.Text.Json;

namespace FaceCluster.Models.TfjsGraph;

/// <summary>One node of a TensorFlow.js graph model's <c>modelTopology.node</c> list (a TensorFlow NodeDef in JSON).</summary>
public sealed record TfjsNode(string Name, string Op, IReadOnlyList<string> Inputs, JsonElement Attributes)
{
    public static TfjsNode Parse(JsonElement node) => new(
        node.GetProperty("name").GetString()!,
        node.GetProperty("op").GetString()!,
        node.TryGetProperty("input", out var inputs) ? inputs.EnumerateArray().Select(i => i.GetString()!).ToList() : [],
        node.TryGetProperty("attr", out var attributes) ? attributes.Clone() : default);

    /// <summary>A string attribute (TensorFlow stores them base64-encoded), or null when absent.</summary>
    public string? String(string name) =>
        TryAttribute(name, out var value) && value.TryGetProperty("s", out var s) ? Encoding.UTF8.GetString(s.GetBytesFromBase64()) : null;

    /// <summary>A list-of-ints attribute (<c>strides</c>, <c>dilations</c>, <c>squeeze_dims</c>), empty when absent.</summary>
    public long[] Ints(string name) =>
        TryAttribute(name, out var value) && value.TryGetProperty("list", out var list) && list.TryGetProperty("i", out var items)
            ? items.EnumerateArray().Select(i => long.Parse(i.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : [];

    /// <summary>A list-of-strings attribute (<c>fused_ops</c>), empty when absent.</summary>
    public string[] Strings(string name) =>
        TryAttribute(name, out var value) && value.TryGetProperty("list", out var list) && list.TryGetProperty("s", out var items)
            ? items.EnumerateArray().Select(s => Encoding.UTF8.GetString(s.GetBytesFromBase64())).ToArray()
            : [];

    public bool Bool(string name) => TryAttribute(name, out var value) && value.TryGetProperty("b", out var b) && b.GetBoolean();

    /// <summary>The Placeholder's shape, -1 for a dynamic dimension.</summary>
    public long[] Shape() =>
        TryAttribute("shape", out var value) && value.TryGetProperty("shape", out var shape) && shape.TryGetProperty("dim", out var dims)
            ? dims.EnumerateArray().Select(d => long.Parse(d.GetProperty("size").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : throw new InvalidDataException($"Placeholder '{Name}' has no shape.");

    private bool TryAttribute(string name, out JsonElement value)
    {
        value = default;
        return Attributes.ValueKind == JsonValueKind.Object && Attributes.TryGetProperty(name, out value);
    }
}
