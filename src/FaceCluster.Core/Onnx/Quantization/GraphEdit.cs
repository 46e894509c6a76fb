using System.Runtime.InteropServices;
using FaceCluster.Onnx.Schema;
using Google.Protobuf;

namespace FaceCluster.Onnx.Quantization;

/// <summary>The few graph edits the quantization passes share: reading float initializers, adding tensors, ordering nodes.</summary>
internal static class GraphEdit
{
    public static float[] Floats(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new InvalidDataException($"Initializer '{tensor.Name}' is not float32.");
        }

        return tensor.RawData.IsEmpty ? tensor.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
    }

    public static List<NodeProto> Consumers(GraphProto graph, string value) =>
        graph.Node.Where(n => n.Input.Contains(value)).ToList();

    public static string AddInitializer(GraphProto graph, string name, TensorProto.Types.DataType type, long[] dims, ReadOnlySpan<byte> raw)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string output, long? axis = null)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (axis is { } a)
        {
            node.Attribute.Add(OnnxAttribute.Int("axis", a).Proto);
        }

        return node;
    }

    public static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).Concat(graph.Output.Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
        {
            graph.Initializer.Remove(unused);
        }
    }

    /// <summary>Reorders the nodes so that every node comes after the producers of its inputs (ONNX requires it).</summary>
    public static void SortTopologically(GraphProto graph)
    {
        var available = graph.Initializer.Select(t => t.Name).Concat(graph.Input.Select(i => i.Name)).Append("").ToHashSet(StringComparer.Ordinal);
        var pending = graph.Node.ToList();
        graph.Node.Clear();
        while (pending.Count > 0)
        {
            var ready = pending.Where(n => n.Input.All(available.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidDataException($"Graph '{graph.Name}' has a cycle or an input nothing produces.");
            }

            foreach (var node in ready)
            {
                graph.Node.Add(node);
                pending.Remove(node);
                available.UnionWith(node.Output);
            }
        }
    }
}
