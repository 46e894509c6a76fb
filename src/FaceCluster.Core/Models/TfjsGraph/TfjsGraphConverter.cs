using FaceCluster.Models.FaceApi;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models.TfjsGraph;

/// <summary>
/// Converts a TensorFlow.js graph model of an image embedder into ONNX, op by op. TensorFlow computes in NHWC; the ONNX
/// graph takes and computes NCHW (input <c>input</c> [N, 3, S, S]), so filters are transposed, per-channel constants
/// reshaped to [C, 1, 1] and axes of 4-D tensors renumbered. Output <c>embedding</c> [N, D] is the signature's output.
/// </summary>
/// <remarks>
/// The ops are those of human-models' face embedders (MobileNet-style nets: plain and Grappler-fused convolutions,
/// PReLU written with Abs or Maximum/Minimum, ReLU6 as Minimum/Maximum, explicit Pad, a flatten and dense layer, global
/// mean pooling, an l2-normalising tail); only the nodes the output needs are converted, and any other op, data format,
/// dilation or fused activation is refused with its name rather than converted approximately.
/// </remarks>
public static class TfjsGraphConverter
{
    public const string InputName = "input";

    public const string OutputName = "embedding";

    /// <summary>TensorFlow's NHWC axis i is ONNX's NCHW axis <c>NhwcToNchw[i]</c>.</summary>
    private static readonly long[] NhwcToNchw = [0, 2, 3, 1];

    /// <param name="output">The node whose value is the embedding; null for the signature's only output.</param>
    public static ModelProto Convert(TfjsGraphModel model, string? output = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new Builder(model, output ?? model.OutputNode).Build();
    }

    /// <summary>A converted activation: its ONNX value, its rank, and its channel (last NHWC) dimension.</summary>
    private sealed record Value(string Name, int Rank, long Channels);

    private sealed class Builder(TfjsGraphModel model, string outputNode)
    {
        private readonly OnnxGraphBuilder _g = new(Path.GetFileNameWithoutExtension(model.ModelPath));
        private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, WeightTensor> _constants = new(StringComparer.Ordinal);
        private long _inputSize;

        public ModelProto Build()
        {
            var needed = model.NodesFeeding(outputNode);
            foreach (var node in model.Nodes.Where(n => needed.Contains(n.Name)))
            {
                if (node.Op == "Const")
                {
                    _constants[node.Name] = model.Weights[node.Name];
                }
                else
                {
                    _values[node.Name] = Convert(node);
                }
            }

            var output = _values.TryGetValue(outputNode, out var value)
                ? value
                : throw new InvalidDataException($"{model.ModelPath}: output node '{outputNode}' is not in the graph.");
            if (output.Rank != 2)
            {
                throw new InvalidDataException($"{model.ModelPath}: output '{outputNode}' has rank {output.Rank}; an embedding is [N, D].");
            }

            _g.Output(output.Name, OutputName, [null, output.Channels]);
            return _g.Build($"{Path.GetFileName(model.ModelPath)} (TensorFlow.js graph model) converted by FaceCluster",
                new Dictionary<string, string> { ["input_size"] = _inputSize.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        private Value Convert(TfjsNode node) => node.Op switch
        {
            "Placeholder" => Placeholder(node),
            "_FusedConv2D" or "Conv2D" => Conv(node, depthwise: false),
            "FusedDepthwiseConv2dNative" or "DepthwiseConv2dNative" => Conv(node, depthwise: true),
            "_FusedMatMul" or "MatMul" => MatMul(node),
            "Pad" => Pad(node),
            "Reshape" => Flatten(node),
            "Mean" => Reduce(node, "ReduceMean"),
            "Relu" => Unary(node, "Relu"),
            "Abs" => Unary(node, "Abs"),
            "Sqrt" => Unary(node, "Sqrt"),
            "Rsqrt" => Rsqrt(node),
            "Square" => Square(node),
            "Add" or "AddV2" => Binary(node, "Add"),
            "Sub" => Binary(node, "Sub"),
            "Mul" => Binary(node, "Mul"),
            "Maximum" => Binary(node, "Max"),
            "Minimum" => Binary(node, "Min"),
            "Sum" => Reduce(node, "ReduceSum"),
            "Squeeze" => Squeeze(node),
            _ => throw new InvalidDataException($"{model.ModelPath}: op '{node.Op}' (node '{node.Name}') is not supported by the converter."),
        };

        private Value Placeholder(TfjsNode node)
        {
            var shape = node.Shape();
            if (shape.Length != 4 || shape[3] != 3 || shape[1] <= 0 || shape[1] != shape[2] || _inputSize != 0)
            {
                throw new InvalidDataException($"{model.ModelPath}: input '{node.Name}' has shape [{string.Join(",", shape)}]; expected one [N, S, S, 3] image input.");
            }

            _inputSize = shape[1];
            return new Value(_g.Input(InputName, [null, 3, _inputSize, _inputSize]), 4, 3);
        }

        /// <summary>
        /// A conv or depthwise conv, plain or fused by Grappler with BiasAdd [+ Relu]. Filters [kh, kw, in, out] become
        /// ONNX's [out, in, kh, kw]; depthwise [kh, kw, in, m] becomes [in·m, 1, kh, kw] with one group per input
        /// channel, output channel c·m + k as TensorFlow orders them.
        /// </summary>
        private Value Conv(TfjsNode node, bool depthwise)
        {
            Require(node, node.String("data_format") is null or "NHWC", "data_format must be NHWC");
            Require(node, node.Ints("dilations").All(d => d == 1), "dilations must be 1");
            var strides = node.Ints("strides");
            Require(node, strides.Length == 4 && strides[0] == 1 && strides[3] == 1 && strides[1] == strides[2], "strides must be [1, s, s, 1]");
            var padding = node.String("padding") switch
            {
                "SAME" => OnnxOps.Padding.Same,
                "VALID" => OnnxOps.Padding.Valid,
                var other => throw Unsupported(node, $"padding '{other}'"),
            };
            var (bias, relu) = FusedBias(node);
            var x = Activation(node.Inputs[0]);
            var filter = Constant(node.Inputs[1]);
            Require(node, filter.Shape.Length == 4 && filter.Shape[2] == x.Channels, $"filter shape [{string.Join(",", filter.Shape)}] does not fit {x.Channels} input channels");
            var (kh, kw, inC, k) = (filter.Shape[0], filter.Shape[1], filter.Shape[2], filter.Shape[3]);
            var outC = depthwise ? inC * k : k;
            Require(node, bias is null || bias.ElementCount == outC, $"bias has {bias?.ElementCount} values for {outC} channels");

            var weights = new float[filter.ElementCount];
            for (var y = 0; y < kh; y++)
            {
                for (var xk = 0; xk < kw; xk++)
                {
                    for (var i = 0; i < inC; i++)
                    {
                        for (var o = 0; o < k; o++)
                        {
                            var source = ((y * kw + xk) * inC + i) * k + o;
                            var target = depthwise
                                ? ((i * k + o) * kh + y) * kw + xk
                                : ((o * inC + i) * kh + y) * kw + xk;
                            weights[target] = filter.Data[source];
                        }
                    }
                }
            }

            var w = depthwise ? _g.Weights(node.Name + "/filter", weights, outC, 1, kh, kw) : _g.Weights(node.Name + "/filter", weights, outC, inC, kh, kw);
            var b = bias is null ? null : _g.Weights(node.Name + "/bias", bias.Data, outC);
            var conv = _g.Conv(x.Name, w, b, (int)strides[1], padding, depthwise ? inC : 1);
            return new Value(relu ? _g.Relu(conv) : conv, 4, outC);
        }

        /// <summary>
        /// The bias of a Grappler-fused op (<c>fused_ops</c> BiasAdd [+ Relu], third input) and whether a ReLU follows;
        /// (null, false) for the plain op, which has two inputs.
        /// </summary>
        private (WeightTensor? Bias, bool Relu) FusedBias(TfjsNode node)
        {
            if (!node.Op.StartsWith('_') && !node.Op.StartsWith("Fused", StringComparison.Ordinal))
            {
                Require(node, node.Inputs.Count == 2, "expects input and filter");
                return (null, false);
            }

            var fused = node.Strings("fused_ops");
            Require(node, fused.Length is 1 or 2 && fused[0] == "BiasAdd" && fused.Skip(1).All(op => op == "Relu"),
                $"fused ops [{string.Join(", ", fused)}] (supported: BiasAdd, BiasAdd + Relu)");
            Require(node, node.Inputs.Count == 3, "expects input, weights and bias");
            return (Constant(node.Inputs[2]), fused.Length == 2);
        }

        /// <summary>x · W (+ bias) [+ ReLU] with W [in, out] constant, as a dense layer is frozen.</summary>
        private Value MatMul(TfjsNode node)
        {
            Require(node, !node.Bool("transpose_a") && !node.Bool("transpose_b"), "transposed operands");
            var (bias, relu) = FusedBias(node);
            var x = Activation(node.Inputs[0]);
            var kernel = Constant(node.Inputs[1]);
            Require(node, x.Rank == 2 && kernel.Shape.Length == 2 && kernel.Shape[0] == x.Channels, $"[N, {x.Channels}] · [{string.Join(",", kernel.Shape)}]");
            var outC = kernel.Shape[1];
            var y = _g.MatMul(x.Name, _g.Weights(node.Name + "/kernel", kernel.Data, kernel.Shape[0], outC));
            if (bias is not null)
            {
                Require(node, bias.ElementCount == outC, $"bias has {bias.ElementCount} values for {outC} outputs");
                y = _g.Add(y, _g.Weights(node.Name + "/bias", bias.Data, outC));
            }

            return new Value(relu ? _g.Relu(y) : y, 2, outC);
        }

        /// <summary>Zero padding of the spatial axes: TensorFlow's [[0, 0], [top, bottom], [left, right], [0, 0]].</summary>
        private Value Pad(TfjsNode node)
        {
            Require(node, node.Inputs.Count == 2, "expects input and paddings");
            var x = Activation(node.Inputs[0]);
            var p = Constant(node.Inputs[1]).Data.Select(v => (long)v).ToArray();
            Require(node, x.Rank == 4 && p.Length == 8 && p[0] == 0 && p[1] == 0 && p[6] == 0 && p[7] == 0, "paddings other than spatial");
            return x with { Name = _g.Pad(x.Name, 0, 0, p[2], p[4], 0, 0, p[3], p[5]) };
        }

        /// <summary>
        /// Reshape to [N, -1] (a flatten before a dense layer). TensorFlow flattens in NHWC order, so the NCHW activation
        /// is turned back to NHWC first.
        /// </summary>
        private Value Flatten(TfjsNode node)
        {
            Require(node, node.Inputs.Count == 2, "expects input and shape");
            var x = Activation(node.Inputs[0]);
            var shape = Constant(node.Inputs[1]).Data.Select(v => (long)v).ToArray();
            Require(node, shape.Length == 2 && (shape[0] == -1 || shape[1] == -1), $"shape [{string.Join(",", shape)}] (supported: a flatten to [N, D])");
            var features = shape[0] == -1 ? shape[1] : shape[0];
            var nhwc = x.Rank == 4 ? _g.Transpose(x.Name, 0, 2, 3, 1) : x.Name;
            return new Value(_g.Reshape(nhwc, -1, features), 2, features);
        }

        private Value Unary(TfjsNode node, string onnxOp)
        {
            var x = Activation(Single(node));
            return x with { Name = _g.Node(onnxOp, [x.Name]) };
        }

        private Value Rsqrt(TfjsNode node)
        {
            var x = Activation(Single(node));
            return x with { Name = _g.Node("Reciprocal", [_g.Node("Sqrt", [x.Name])]) };
        }

        private Value Square(TfjsNode node)
        {
            var x = Activation(Single(node));
            return x with { Name = _g.Mul(x.Name, x.Name) };
        }

        /// <summary>An elementwise op on two activations, or on an activation and a constant laid out to broadcast in NCHW.</summary>
        private Value Binary(TfjsNode node, string onnxOp)
        {
            Require(node, node.Inputs.Count == 2, "expects two inputs");
            var a = _values.GetValueOrDefault(node.Inputs[0]);
            var b = _values.GetValueOrDefault(node.Inputs[1]);
            if (a is null && b is null)
            {
                throw Unsupported(node, "two constant inputs");
            }

            var shaped = a ?? b!;
            var left = a?.Name ?? Broadcast(node, Constant(node.Inputs[0]), shaped);
            var right = b?.Name ?? Broadcast(node, Constant(node.Inputs[1]), shaped);
            if (a is not null && b is not null)
            {
                Require(node, a.Rank == b.Rank, $"ranks {a.Rank} and {b.Rank} differ");
            }

            return new Value(_g.Node(onnxOp, [left, right]), shaped.Rank, Math.Max(a?.Channels ?? 0, b?.Channels ?? 0));
        }

        /// <summary>A scalar stays a scalar; a per-channel vector [C] becomes [C, 1, 1] against a 4-D NCHW activation.</summary>
        private string Broadcast(TfjsNode node, WeightTensor constant, Value other)
        {
            if (constant.ElementCount == 1)
            {
                return _g.Scalar(constant.Name, constant.Data[0]);
            }

            Require(node, constant.Shape.Length == 1 && constant.Shape[0] == other.Channels,
                $"constant '{constant.Name}' of shape [{string.Join(",", constant.Shape)}] against {other.Channels} channels");
            return other.Rank == 4
                ? _g.Weights(constant.Name, constant.Data, constant.Shape[0], 1, 1)
                : _g.Weights(constant.Name, constant.Data, constant.Shape[0]);
        }

        /// <summary>Sum or Mean over constant axes. Reducing a 4-D activation to [N, C] must reduce exactly its spatial axes.</summary>
        private Value Reduce(TfjsNode node, string onnxOp)
        {
            Require(node, node.Inputs.Count == 2, "expects input and axes");
            var x = Activation(node.Inputs[0]);
            var axes = Constant(node.Inputs[1]).Data.Select(a => Axis(node, (long)a, x.Rank)).Order().ToArray();
            var keep = node.Bool("keep_dims");
            Require(node, keep || x.Rank != 4 || axes.SequenceEqual([2L, 3L]), "dropping 4-D axes other than the spatial ones");
            // At opset 17 ReduceSum takes its axes as an input, ReduceMean still as an attribute.
            var reduced = onnxOp == "ReduceSum"
                ? _g.Node(onnxOp, [x.Name, _g.Int64s("axes", axes)], OnnxAttribute.Int("keepdims", keep ? 1 : 0))
                : _g.Node(onnxOp, [x.Name], OnnxAttribute.Ints("axes", axes), OnnxAttribute.Int("keepdims", keep ? 1 : 0));
            var channelsReduced = axes.Contains(x.Rank == 4 ? 1 : x.Rank - 1);
            return new Value(reduced, keep ? x.Rank : x.Rank - axes.Length, channelsReduced ? 1 : x.Channels);
        }

        /// <summary>Squeezes the spatial axes of a 4-D activation: NHWC [N, 1, 1, C] and NCHW [N, C, 1, 1] both become [N, C].</summary>
        private Value Squeeze(TfjsNode node)
        {
            var x = Activation(Single(node));
            var dims = node.Ints("squeeze_dims");
            Require(node, x.Rank == 4 && dims.Order().SequenceEqual([1L, 2L]), $"squeeze_dims [{string.Join(",", dims)}] (supported: the spatial axes [1, 2])");
            return new Value(_g.Node("Squeeze", [x.Name, _g.Int64s("axes", 2, 3)]), 2, x.Channels);
        }

        /// <summary>A TensorFlow axis of a rank-<paramref name="rank"/> tensor as an ONNX axis of the converted tensor.</summary>
        private static long Axis(TfjsNode node, long axis, int rank)
        {
            var positive = axis < 0 ? axis + rank : axis;
            Require(node, positive >= 0 && positive < rank, $"axis {axis} of a rank-{rank} tensor");
            return rank == 4 ? NhwcToNchw[positive] : positive;
        }

        private static string Single(TfjsNode node)
        {
            Require(node, node.Inputs.Count == 1, "expects one input");
            return node.Inputs[0];
        }

        private Value Activation(string name) =>
            _values.TryGetValue(Strip(name), out var value)
                ? value
                : throw new InvalidDataException($"{model.ModelPath}: '{name}' is used before it is computed, or is a constant where an activation is expected.");

        private WeightTensor Constant(string name) =>
            _constants.TryGetValue(Strip(name), out var value)
                ? value
                : throw new InvalidDataException($"{model.ModelPath}: '{name}' is not a constant.");

        /// <summary>TensorFlow input references may name an output port (<c>node:1</c>); these models use port 0 only.</summary>
        private static string Strip(string name) => name.EndsWith(":0", StringComparison.Ordinal) ? name[..^2] : name;

        private static void Require(TfjsNode node, bool condition, string what)
        {
            if (!condition)
            {
                throw Unsupported(node, what);
            }
        }

        private static InvalidDataException Unsupported(TfjsNode node, string what) =>
            new($"{node.Op} node '{node.Name}': {what}; not supported by the converter.");
    }
}
