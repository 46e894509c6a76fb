using System.Text.Json;
using FaceCluster.Models.FaceApi;

namespace FaceCluster.Models.TfjsGraph;

/// <summary>
/// A TensorFlow.js graph model (<c>format: graph-model</c>): the TensorFlow graph of <c>model.json</c>'s
/// <c>modelTopology</c> and the weights its <c>weightsManifest</c> points at, one per Const node.
/// </summary>
public sealed class TfjsGraphModel
{
    private TfjsGraphModel(string path, IReadOnlyList<TfjsNode> nodes, WeightManifest weights, string output)
    {
        ModelPath = path;
        Nodes = nodes;
        Weights = weights;
        OutputNode = output;
    }

    public string ModelPath { get; }

    /// <summary>The nodes in file order (TensorFlow's converter writes them so that every input comes first, Consts aside).</summary>
    public IReadOnlyList<TfjsNode> Nodes { get; }

    public WeightManifest Weights { get; }

    /// <summary>The node the signature names first as the model's output.</summary>
    public string OutputNode { get; }

    /// <summary>The names of <paramref name="output"/> and of every node it depends on.</summary>
    public HashSet<string> NodesFeeding(string output)
    {
        var byName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([output]);
        while (pending.TryPop(out var name))
        {
            if (needed.Add(name) && byName.TryGetValue(name, out var node))
            {
                foreach (var input in node.Inputs)
                {
                    pending.Push(input.Split(':')[0]);
                }
            }
        }

        return needed;
    }

    public static TfjsGraphModel Load(string modelJsonPath)
    {
        using var document = ParseJson(modelJsonPath);
        var root = document.RootElement;
        var file = Path.GetFileName(modelJsonPath);
        if (!root.TryGetProperty("format", out var format) || format.GetString() != "graph-model")
        {
            throw new InvalidDataException($"{file} is not a TensorFlow.js graph model (format is not 'graph-model').");
        }

        var nodes = root.GetProperty("modelTopology").GetProperty("node").EnumerateArray().Select(TfjsNode.Parse).ToList();
        return new TfjsGraphModel(modelJsonPath, nodes, WeightManifest.Load(modelJsonPath), SignatureOutput(root, file));
    }

    /// <summary>
    /// The first output of the signature (<c>signature.outputs</c> at the top level or under <c>userDefinedMetadata</c>,
    /// where tfjs-converter 2.x put it), its name without a <c>:0</c> suffix.
    /// </summary>
    private static string SignatureOutput(JsonElement root, string file)
    {
        var signature = root.TryGetProperty("signature", out var top) ? top
            : root.TryGetProperty("userDefinedMetadata", out var meta) && meta.TryGetProperty("signature", out var nested) ? nested
            : throw new InvalidDataException($"{file} has no signature naming its output.");
        var outputs = signature.GetProperty("outputs").EnumerateObject().ToList();
        if (outputs.Count == 0)
        {
            throw new InvalidDataException($"{file}'s signature names no output.");
        }

        var name = outputs[0].Value.GetProperty("name").GetString()!;
        return name.EndsWith(":0", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not valid JSON: {ex.Message}", ex);
        }
    }
}
