using System.Runtime.InteropServices;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Onnx.Quantization;

/// <summary>
/// Writes the QDQ form of a float CNN that ONNX Runtime runs with integer kernels (QLinearConv, QLinearAdd): every
/// convolution followed by an activation or a residual Add gets per-output-channel int8 weights, an int32 bias and
/// uint8 activations whose scale comes from calibrated ranges. Other nodes (prediction heads, pooling to the embedding,
/// box decoding) stay float.
/// </summary>
/// <remarks>
/// Weights use the full symmetric int8 range (±127): with 7 bits the detector missed hard faces the float graph finds
/// (docs/results). CPUs with AVX512-VNNI or AVX-VNNI multiply uint8 by int8 exactly; older x64 CPUs add the products in
/// saturating 16-bit pairs, so their results may differ slightly on extreme activations.
/// </remarks>
public static class Int8Quantizer
{
    public const int WeightLevels = 127;

    private const int ActivationLevels = 255;

    /// <summary>
    /// Convolutions that are quantized: constant weights and a single Clip, Relu or Add consuming the output (so ONNX
    /// Runtime can fuse them into QLinearConv). A convolution followed by a Pad (two in face-api's recogniser) stays float.
    /// </summary>
    public static IReadOnlyList<NodeProto> QuantizedConvolutions(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return graph.Node
            .Where(n => n.OpType == "Conv" && initializers.Contains(n.Input[1]))
            .Where(n => GraphEdit.Consumers(graph, n.Output[0]) is [{ OpType: "Clip" or "Relu" or "Add" }])
            .ToList();
    }

    /// <summary>The activation tensors whose ranges the quantized graph needs, in graph order.</summary>
    public static IReadOnlyList<string> ActivationTensors(GraphProto graph) => ActivationTensors(graph, QuantizedConvolutions(graph));

    private static IReadOnlyList<string> ActivationTensors(GraphProto graph, IReadOnlyList<NodeProto> convolutions)
    {
        var tensors = new List<string>();
        void Add(string name)
        {
            if (!tensors.Contains(name))
            {
                tensors.Add(name);
            }
        }

        foreach (var conv in convolutions)
        {
            Add(conv.Input[0]);
            Add(ActivatedOutput(graph, conv));
        }

        var convOutputs = convolutions.Select(c => c.Output[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var add in graph.Node.Where(n => n.OpType == "Add" && n.Input.Any(convOutputs.Contains)))
        {
            foreach (var input in add.Input)
            {
                Add(input);
            }

            Add(ActivatedOutput(graph, add));
        }

        return tensors;
    }

    /// <summary>Returns the QDQ model; <paramref name="floatModel"/> must have had its batch norms folded.</summary>
    public static ModelProto Quantize(ModelProto floatModel, ActivationRanges ranges)
    {
        ArgumentNullException.ThrowIfNull(floatModel);
        ArgumentNullException.ThrowIfNull(ranges);
        var model = floatModel.Clone();
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var scales = new Dictionary<string, float>(StringComparer.Ordinal);
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var added = new List<NodeProto>();

        var convolutions = QuantizedConvolutions(graph);
        var tensors = ActivationTensors(graph, convolutions);
        if (graph.Output.FirstOrDefault(o => tensors.Contains(o.Name)) is { } quantizedOutput)
        {
            throw new InvalidDataException($"Graph output '{quantizedOutput.Name}' would be quantized; only inner tensors may be.");
        }

        foreach (var tensor in tensors)
        {
            if (!ranges.Tensors.TryGetValue(tensor, out var range))
            {
                throw new InvalidDataException($"The activation ranges for {ranges.Model} have no entry for tensor '{tensor}': recalibrate.");
            }

            var (scale, zeroPoint) = ActivationQuantization(range);
            scales[tensor] = scale;
            var scaleName = GraphEdit.AddInitializer(graph, tensor + "_scale", TensorProto.Types.DataType.Float, [], BitConverter.GetBytes(scale));
            var zeroName = GraphEdit.AddInitializer(graph, tensor + "_zero", TensorProto.Types.DataType.Uint8, [], [zeroPoint]);
            added.Add(GraphEdit.Node("QuantizeLinear", tensor + "_Q", [tensor, scaleName, zeroName], tensor + "_q"));
            added.Add(GraphEdit.Node("DequantizeLinear", tensor + "_DQ", [tensor + "_q", scaleName, zeroName], tensor + "_dq"));
            dequantized[tensor] = tensor + "_dq";
        }

        foreach (var conv in convolutions)
        {
            var inputScale = scales[conv.Input[0]];
            var weights = initializers[conv.Input[1]];
            var (weightName, weightScales) = QuantizeWeights(graph, weights, added);
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
            {
                conv.Input[2] = QuantizeBias(graph, initializers[conv.Input[2]], inputScale, weightScales, added);
            }
        }

        // Every reader of a quantized tensor, its own QuantizeLinear excepted, reads the dequantized value.
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (dequantized.TryGetValue(node.Input[i], out var name))
                {
                    node.Input[i] = name;
                }
            }
        }

        graph.Node.AddRange(added);
        GraphEdit.RemoveUnusedInitializers(graph);
        GraphEdit.SortTopologically(graph);
        return model;
    }

    /// <summary>uint8 affine quantization of a range widened to include zero, so that zero is exact (padding).</summary>
    public static (float Scale, byte ZeroPoint) ActivationQuantization(ActivationRange range)
    {
        var min = Math.Min(range.Min, 0f);
        var max = Math.Max(range.Max, 0f);
        var scale = (max - min) / ActivationLevels;
        if (scale <= 0 || !float.IsFinite(scale))
        {
            return (1f, 0);
        }

        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, ActivationLevels));
    }

    /// <summary>The tensor where a node's value is taken for the next layer: after its Clip/Relu when that is its only reader.</summary>
    private static string ActivatedOutput(GraphProto graph, NodeProto node) =>
        GraphEdit.Consumers(graph, node.Output[0]) is [{ OpType: "Clip" or "Relu" } activation] ? activation.Output[0] : node.Output[0];

    private static (string Name, float[] Scales) QuantizeWeights(GraphProto graph, TensorProto weights, List<NodeProto> added)
    {
        var w = GraphEdit.Floats(weights);
        var channels = (int)weights.Dims[0];
        var perChannel = w.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[w.Length];
        for (var c = 0; c < channels; c++)
        {
            var slice = w.AsSpan(c * perChannel, perChannel);
            var largest = 0f;
            foreach (var v in slice)
            {
                largest = Math.Max(largest, Math.Abs(v));
            }

            scales[c] = largest > 0 ? largest / WeightLevels : 1f;
            for (var k = 0; k < perChannel; k++)
            {
                quantized[c * perChannel + k] = (sbyte)Math.Clamp(MathF.Round(slice[k] / scales[c]), -WeightLevels, WeightLevels);
            }
        }

        var name = weights.Name;
        GraphEdit.AddInitializer(graph, name + "_int8", TensorProto.Types.DataType.Int8, weights.Dims.ToArray(), MemoryMarshal.AsBytes(quantized.AsSpan()));
        GraphEdit.AddInitializer(graph, name + "_scale", TensorProto.Types.DataType.Float, [channels], MemoryMarshal.AsBytes(scales.AsSpan()));
        GraphEdit.AddInitializer(graph, name + "_zero", TensorProto.Types.DataType.Int8, [channels], new byte[channels]);
        added.Add(GraphEdit.Node("DequantizeLinear", name + "_DQ", [name + "_int8", name + "_scale", name + "_zero"], name + "_dq", axis: 0));
        return (name + "_dq", scales);
    }

    /// <summary>int32 bias at the scale of input × weight, as QLinearConv adds it to the integer accumulator.</summary>
    private static string QuantizeBias(GraphProto graph, TensorProto bias, float inputScale, float[] weightScales, List<NodeProto> added)
    {
        var b = GraphEdit.Floats(bias);
        var scales = new float[b.Length];
        var quantized = new int[b.Length];
        for (var c = 0; c < b.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            quantized[c] = (int)Math.Clamp(Math.Round((double)b[c] / scales[c]), int.MinValue, int.MaxValue);
        }

        var name = bias.Name;
        GraphEdit.AddInitializer(graph, name + "_int32", TensorProto.Types.DataType.Int32, [b.Length], MemoryMarshal.AsBytes(quantized.AsSpan()));
        GraphEdit.AddInitializer(graph, name + "_scale", TensorProto.Types.DataType.Float, [b.Length], MemoryMarshal.AsBytes(scales.AsSpan()));
        GraphEdit.AddInitializer(graph, name + "_zero", TensorProto.Types.DataType.Int32, [b.Length], new byte[4 * b.Length]);
        added.Add(GraphEdit.Node("DequantizeLinear", name + "_DQ", [name + "_int32", name + "_scale", name + "_zero"], name + "_dq", axis: 0));
        return name + "_dq";
    }
}
