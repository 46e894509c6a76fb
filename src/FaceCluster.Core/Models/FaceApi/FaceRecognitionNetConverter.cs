using FaceCluster.Imaging;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models.FaceApi;

/// <summary>
/// Converts face-api.js's FaceRecognitionNet (a dlib-style ResNet-34 variant) from its TensorFlow.js weights into an ONNX
/// graph that reproduces <c>forwardInput</c> after normalisation.
/// </summary>
/// <remarks>
/// Graph input <c>input</c>: float32 [N, 3, 150, 150], NCHW RGB, already normalised with <see cref="InputNormalization"/>
/// (pack it with <see cref="TfResizePacker"/> and <see cref="SquarePadding.Centered"/>). Graph output <c>embedding</c>:
/// float32 [N, 128], the raw descriptor exactly as face-api.js returns it (not L2-normalised). The per-channel scale
/// layer that follows every convolution is folded into that convolution's weights and bias.
/// </remarks>
public static class FaceRecognitionNetConverter
{
    public const string ManifestFile = "face_recognition_model-weights_manifest.json";

    public const string InputName = "input";

    public const string OutputName = "embedding";

    /// <summary>Side of the square face crop the network takes.</summary>
    public const int InputSize = 150;

    public const int EmbeddingLength = 128;

    /// <summary>
    /// <c>(x - [122.782, 117.001, 104.298]) / 255</c>: @vladmandic/face-api 1.7.15 (FaceRecognitionNet.ts) subtracts the
    /// RGB means and then divides by 255. The original justadudewhohacks face-api.js and dlib divide by 256.
    /// </summary>
    public static ChannelNormalization InputNormalization { get; } =
        ChannelNormalization.MeanStd([122.782f, 117.001f, 104.298f], [255f, 255f, 255f]);

    public static ModelProto Convert(WeightManifest weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var net = new Builder(weights);
        return net.Build();
    }

    /// <summary>Tracks the current activation and its static spatial size while the layers are emitted.</summary>
    private sealed class Builder(WeightManifest weights)
    {
        private readonly OnnxGraphBuilder _g = new("face_recognition_net");
        private int _size = InputSize;
        private int _channels = 3;

        public ModelProto Build()
        {
            var x = _g.Input(InputName, [null, 3, InputSize, InputSize]);

            x = ConvLayer(x, "conv32_down", stride: 2, OnnxOps.Padding.Valid, relu: true);
            x = _g.MaxPool(x, 3, 2, OnnxOps.Padding.Valid);
            _size = ValidOutput(_size, 3, 2);

            x = Residual(x, "conv32_1");
            x = Residual(x, "conv32_2");
            x = Residual(x, "conv32_3");

            x = ResidualDown(x, "conv64_down");
            x = Residual(x, "conv64_1");
            x = Residual(x, "conv64_2");
            x = Residual(x, "conv64_3");

            x = ResidualDown(x, "conv128_down");
            x = Residual(x, "conv128_1");
            x = Residual(x, "conv128_2");

            x = ResidualDown(x, "conv256_down");
            x = Residual(x, "conv256_1");
            x = Residual(x, "conv256_2");
            x = ResidualDown(x, "conv256_down_out");

            // out.mean([1, 2]) then matMul(fc): fc is stored [256, 128] in the weight map, already (in, out).
            var pooled = _g.Flatten(_g.GlobalAveragePool(x));
            var fc = weights["fc"];
            ExpectShape(fc, _channels, EmbeddingLength);
            var embedding = _g.MatMul(pooled, _g.Weights("fc", fc.Data, _channels, EmbeddingLength));
            _g.Output(embedding, OutputName, [null, EmbeddingLength]);

            return _g.Build(
                "face-api.js FaceRecognitionNet converted by FaceCluster; input (x - mean) / 255 NCHW RGB 150x150, output raw 128-d descriptor.",
                new Dictionary<string, string>
                {
                    ["source"] = Path.GetFileName(weights.ManifestPath),
                    ["input_size"] = InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["normalization"] = "(x - [122.782, 117.001, 104.298]) / 255",
                });
        }

        /// <summary>residual.ts: relu(convNoRelu(conv(x)) + x).</summary>
        private string Residual(string x, string prefix)
        {
            var inputChannels = _channels;
            var inputSize = _size;
            var outPath = ConvLayer(x, prefix + "/conv1", stride: 1, OnnxOps.Padding.Same, relu: true);
            outPath = ConvLayer(outPath, prefix + "/conv2", stride: 1, OnnxOps.Padding.Same, relu: false);
            if (_channels != inputChannels || _size != inputSize)
            {
                throw new InvalidDataException($"{prefix}: a plain residual block must keep its shape.");
            }

            return _g.Relu(_g.Add(outPath, x));
        }

        /// <summary>
        /// residualDown: main branch convNoRelu(convDown(x)); shortcut avgPool(x, 2, 2, 'valid'). A main branch that came
        /// out smaller gets one zero row appended at the bottom and one zero column at the right; a shortcut with fewer
        /// channels gets zero channels appended. Then relu(shortcut + main).
        /// </summary>
        private string ResidualDown(string x, string prefix)
        {
            var inputChannels = _channels;
            var pooledSize = ValidOutput(_size, 2, 2);
            var shortcut = _g.AveragePool(x, 2, 2, OnnxOps.Padding.Valid);

            var main = ConvLayer(x, prefix + "/conv1", stride: 2, OnnxOps.Padding.Valid, relu: true);
            main = ConvLayer(main, prefix + "/conv2", stride: 1, OnnxOps.Padding.Same, relu: false);

            if (_size != pooledSize)
            {
                if (_size + 1 != pooledSize)
                {
                    throw new InvalidDataException($"{prefix}: main branch {_size}x{_size} cannot be padded to the shortcut's {pooledSize}x{pooledSize}.");
                }

                main = _g.Pad(main, 0, 0, 0, 0, 0, 0, 1, 1);
                _size = pooledSize;
            }

            if (_channels != inputChannels)
            {
                shortcut = _g.Pad(shortcut, 0, 0, 0, 0, 0, _channels - inputChannels, 0, 0);
            }

            return _g.Relu(_g.Add(shortcut, main));
        }

        /// <summary>convLayer.ts: conv2d + bias, scale (x * w + b), optional ReLU; the scale is folded into the conv.</summary>
        private string ConvLayer(string x, string prefix, int stride, OnnxOps.Padding padding, bool relu)
        {
            var filters = weights[prefix + "/conv/filters"];
            var bias = weights[prefix + "/conv/bias"];
            var scale = weights[prefix + "/scale/weights"];
            var shift = weights[prefix + "/scale/biases"];

            if (filters.Shape.Length != 4 || filters.Shape[0] != filters.Shape[1] || filters.Shape[2] != _channels)
            {
                throw new InvalidDataException(
                    $"{prefix}/conv/filters has shape [{string.Join(",", filters.Shape)}]; a square kernel over {_channels} channels was expected.");
            }

            var kernel = filters.Shape[0];
            var outChannels = filters.Shape[3];
            ExpectShape(bias, outChannels);
            ExpectShape(scale, outChannels);
            ExpectShape(shift, outChannels);

            var (w, b) = FoldScale(filters.Data, kernel, _channels, outChannels, bias.Data, scale.Data, shift.Data);
            var name = prefix.Replace('/', '_');
            var y = _g.Conv(x, _g.Weights(name + "_w", w, outChannels, _channels, kernel, kernel), _g.Weights(name + "_b", b, outChannels), stride, padding);

            _channels = outChannels;
            _size = padding == OnnxOps.Padding.Valid ? ValidOutput(_size, kernel, stride) : (_size + stride - 1) / stride;
            return relu ? _g.Relu(y) : y;
        }

        private static int ValidOutput(int size, int kernel, int stride) => (size - kernel) / stride + 1;

        private static void ExpectShape(WeightTensor tensor, params int[] shape)
        {
            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw new InvalidDataException(
                    $"Weight '{tensor.Name}' has shape [{string.Join(",", tensor.Shape)}], expected [{string.Join(",", shape)}].");
            }
        }
    }

    /// <summary>
    /// TF filter [kh, kw, in, out] to ONNX [out, in, kh, kw] with <c>(conv(x) + bias) * s + t = conv_{W*s}(x) + (bias * s + t)</c>.
    /// </summary>
    internal static (float[] Weights, float[] Bias) FoldScale(
        ReadOnlySpan<float> tfFilters, int kernel, int inChannels, int outChannels,
        ReadOnlySpan<float> bias, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift)
    {
        var weights = new float[tfFilters.Length];
        for (var ky = 0; ky < kernel; ky++)
        {
            for (var kx = 0; kx < kernel; kx++)
            {
                for (var i = 0; i < inChannels; i++)
                {
                    var source = ((ky * kernel + kx) * inChannels + i) * outChannels;
                    for (var o = 0; o < outChannels; o++)
                    {
                        weights[((o * inChannels + i) * kernel + ky) * kernel + kx] = tfFilters[source + o] * scale[o];
                    }
                }
            }
        }

        var folded = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            folded[o] = bias[o] * scale[o] + shift[o];
        }

        return (weights, folded);
    }
}
