using System.Runtime.InteropServices;
using FaceCluster.Onnx.Schema;
using Google.Protobuf;

namespace FaceCluster.Onnx.Quantization;

/// <summary>
/// Folds each BatchNormalization that directly follows a Conv (its only consumer) into that Conv's weights and bias,
/// so the quantizer sees one Conv per layer: <c>w' = w·γ/√(σ²+ε)</c>, <c>b' = (b − μ)·γ/√(σ²+ε) + β</c>.
/// ONNX Runtime does the same fusion at load time for float graphs; doing it in the graph lets the weights be
/// quantized after folding, which is what the integer kernels compute with.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Folds in place; returns how many BatchNormalization nodes were removed.</summary>
    public static int Fold(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var folded = 0;
        foreach (var norm in graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            var conv = graph.Node.SingleOrDefault(n => n.Output.Contains(norm.Input[0]));
            if (conv is null || conv.OpType != "Conv" || GraphEdit.Consumers(graph, conv.Output[0]).Count != 1
                || !initializers.TryGetValue(conv.Input[1], out var weights)
                || norm.Input.Skip(1).Any(name => !initializers.ContainsKey(name)))
            {
                continue;
            }

            var epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var gamma = GraphEdit.Floats(initializers[norm.Input[1]]);
            var beta = GraphEdit.Floats(initializers[norm.Input[2]]);
            var mean = GraphEdit.Floats(initializers[norm.Input[3]]);
            var variance = GraphEdit.Floats(initializers[norm.Input[4]]);
            var w = GraphEdit.Floats(weights);
            var channels = (int)weights.Dims[0];
            var perChannel = w.Length / channels;
            var bias = conv.Input.Count > 2 ? GraphEdit.Floats(initializers[conv.Input[2]]) : new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var scale = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                foreach (ref var value in w.AsSpan(c * perChannel, perChannel))
                {
                    value *= scale;
                }

                bias[c] = (bias[c] - mean[c]) * scale + beta[c];
            }

            // New initializers rather than rewriting the old ones: a weight tensor may be shared by another node.
            var foldedWeights = GraphEdit.AddInitializer(graph, conv.Input[1] + "_folded", TensorProto.Types.DataType.Float, weights.Dims.ToArray(), MemoryMarshal.AsBytes(w.AsSpan()));
            var foldedBias = GraphEdit.AddInitializer(graph, conv.Input[1] + "_folded_bias", TensorProto.Types.DataType.Float, [channels], MemoryMarshal.AsBytes(bias.AsSpan()));
            conv.Input[1] = foldedWeights;
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = foldedBias;
            }
            else
            {
                conv.Input.Add(foldedBias);
            }

            conv.Output[0] = norm.Output[0];
            graph.Node.Remove(norm);
            folded++;
        }

        GraphEdit.RemoveUnusedInitializers(graph);
        return folded;
    }
}
