using System.Globalization;
using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models.FaceNet;

/// <summary>
/// Emits FaceNet's InceptionResnetV1 (the layout of facenet-pytorch's <c>models/inception_resnet_v1.py</c>, with
/// <c>classify=False</c>) as an ONNX graph filled with <b>seeded random, untrained weights</b>. The trained VGGFace2 /
/// CASIA-WebFace weights cannot be fetched here; this graph exists so that the FaceNet profile, its tensor shapes and
/// its inference cost can be exercised and benchmarked. Its embeddings carry no identity information.
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N,3,160,160] NCHW, RGB, already standardised as (x − 127.5) / 128.
/// Output <c>embedding</c>: float32 [N,512], L2-normalised per row.</para>
/// <para>Inference-time simplifications that do not change the function: every BatchNorm (eps 0.001) is folded into
/// the preceding convolution / linear layer (which therefore gains a bias), each residual block's <c>scale</c> is
/// folded into its up-projection convolution, and dropout is omitted (identity in eval mode). The graph therefore
/// holds fewer floats than PyTorch's parameter count, which <see cref="Build"/> reports separately.</para>
/// <para>Random weights: He-scaled uniform values (std √(2/fan_in) before a ReLU, √(1/fan_in) for the linear residual
/// projections and last_linear), BatchNorm statistics near the identity, and every filter shifted to sum to zero.
/// Without that centring the positive mean of the ReLU activations dominates after the global average pool and two
/// different random inputs give embeddings with cosine ≈ 0.998; with it, activations keep an RMS of about 0.2–0.5
/// through all 21 residual blocks and two uniform-noise images give cosine ≈ 0.96 (seed 1234).</para>
/// </remarks>
public static class InceptionResnetV1Builder
{
    public const string FileName = "inception_resnet_v1.RANDOM-WEIGHTS-NOT-TRAINED.onnx";

    public const string InputName = "input";

    public const string OutputName = "embedding";

    public const int InputSize = 160;

    public const int EmbeddingSize = 512;

    /// <summary>BatchNorm epsilon used throughout facenet-pytorch's InceptionResnetV1 ("value found in tensorflow").</summary>
    private const double BatchNormEpsilon = 0.001;

    public const string DocString =
        "InceptionResnetV1 (facenet-pytorch layout, classify=False) with RANDOM, UNTRAINED weights generated from a seed. " +
        "This is NOT a trained face recognition model: its embeddings are meaningless for identity. It exists only to " +
        "exercise the FaceNet profile's shapes and to benchmark its inference cost. BatchNorm and residual scales are " +
        "folded into the convolutions; input [N,3,160,160] standardised as (x-127.5)/128, output [N,512] L2-normalised.";

    /// <summary>
    /// Builds the graph. Weights are drawn from <see cref="System.Random"/> seeded with <paramref name="seed"/>, so a seed
    /// always yields byte-identical initializers.
    /// </summary>
    /// <param name="seed">Seed of the weight generator; written to the model's metadata.</param>
    /// <param name="pytorchParameterCount">
    /// What <c>sum(p.numel() for p in model.parameters())</c> gives for the unfolded PyTorch model: conv weights, the
    /// residual convs' biases, BatchNorm weight and bias (running statistics are buffers, not parameters) and the final
    /// linear weight. 23,482,624 for this architecture.
    /// </param>
    public static ModelProto Build(int seed, out long pytorchParameterCount)
    {
        var builder = new Builder(seed);
        var model = builder.Emit();
        pytorchParameterCount = builder.PytorchParameterCount;
        return model;
    }

    /// <summary>One emission: owns the graph, the random stream and the PyTorch-definition parameter tally.</summary>
    private sealed class Builder(int seed)
    {
        private readonly OnnxGraphBuilder _g = new("inception_resnet_v1");
        private readonly Random _random = new(seed);

        public long PytorchParameterCount { get; private set; }

        public ModelProto Emit()
        {
            var x = _g.Input(InputName, [null, 3, InputSize, InputSize]);

            // Stem: 160 -> 79 -> 77 -> 77 -> 38 -> 38 -> 36 -> 17
            x = BasicConv2d("conv2d_1a", x, 3, 32, 3, 3, stride: 2);
            x = BasicConv2d("conv2d_2a", x, 32, 32, 3, 3);
            x = BasicConv2d("conv2d_2b", x, 32, 64, 3, 3, padH: 1, padW: 1);
            x = MaxPool3x3s2(x);
            x = BasicConv2d("conv2d_3b", x, 64, 80, 1, 1);
            x = BasicConv2d("conv2d_4a", x, 80, 192, 3, 3);
            x = BasicConv2d("conv2d_4b", x, 192, 256, 3, 3, stride: 2);

            for (var i = 0; i < 5; i++)
            {
                x = Block35($"repeat_1.{i}", x, 0.17);
            }

            x = Mixed6a("mixed_6a", x);
            for (var i = 0; i < 10; i++)
            {
                x = Block17($"repeat_2.{i}", x, 0.10);
            }

            x = Mixed7a("mixed_7a", x);
            for (var i = 0; i < 5; i++)
            {
                x = Block8($"repeat_3.{i}", x, 0.20, relu: true);
            }

            x = Block8("block8", x, 1.0, relu: false);

            // avgpool_1a (AdaptiveAvgPool2d(1) on 3x3), dropout (identity at inference), last_linear + last_bn, normalize.
            x = _g.GlobalAveragePool(x);
            x = _g.Flatten(x);
            x = LinearWithBatchNorm("last_linear", x, 1792, EmbeddingSize);
            x = _g.L2Normalize(x);
            _g.Output(x, OutputName, [null, EmbeddingSize]);

            var metadata = new Dictionary<string, string>
            {
                ["weights"] = "random-untrained",
                ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
                ["architecture"] = "InceptionResnetV1 (facenet-pytorch)",
                ["pytorch_parameter_count"] = PytorchParameterCount.ToString(CultureInfo.InvariantCulture),
                ["input"] = "input float32 [N,3,160,160] RGB NCHW, (x-127.5)/128",
                ["output"] = "embedding float32 [N,512] L2-normalised",
            };
            return _g.Build(DocString, metadata);
        }

        private string Block35(string name, string x, double scale)
        {
            var b0 = BasicConv2d($"{name}.branch0", x, 256, 32, 1, 1);
            var b1 = BasicConv2d($"{name}.branch1.0", x, 256, 32, 1, 1);
            b1 = BasicConv2d($"{name}.branch1.1", b1, 32, 32, 3, 3, padH: 1, padW: 1);
            var b2 = BasicConv2d($"{name}.branch2.0", x, 256, 32, 1, 1);
            b2 = BasicConv2d($"{name}.branch2.1", b2, 32, 32, 3, 3, padH: 1, padW: 1);
            b2 = BasicConv2d($"{name}.branch2.2", b2, 32, 32, 3, 3, padH: 1, padW: 1);
            return Residual(name, x, _g.Concat(1, b0, b1, b2), 96, 256, scale, relu: true);
        }

        private string Block17(string name, string x, double scale)
        {
            var b0 = BasicConv2d($"{name}.branch0", x, 896, 128, 1, 1);
            var b1 = BasicConv2d($"{name}.branch1.0", x, 896, 128, 1, 1);
            b1 = BasicConv2d($"{name}.branch1.1", b1, 128, 128, 1, 7, padW: 3);
            b1 = BasicConv2d($"{name}.branch1.2", b1, 128, 128, 7, 1, padH: 3);
            return Residual(name, x, _g.Concat(1, b0, b1), 256, 896, scale, relu: true);
        }

        private string Block8(string name, string x, double scale, bool relu)
        {
            var b0 = BasicConv2d($"{name}.branch0", x, 1792, 192, 1, 1);
            var b1 = BasicConv2d($"{name}.branch1.0", x, 1792, 192, 1, 1);
            b1 = BasicConv2d($"{name}.branch1.1", b1, 192, 192, 1, 3, padW: 1);
            b1 = BasicConv2d($"{name}.branch1.2", b1, 192, 192, 3, 1, padH: 1);
            return Residual(name, x, _g.Concat(1, b0, b1), 384, 1792, scale, relu);
        }

        private string Mixed6a(string name, string x)
        {
            var b0 = BasicConv2d($"{name}.branch0", x, 256, 384, 3, 3, stride: 2);
            var b1 = BasicConv2d($"{name}.branch1.0", x, 256, 192, 1, 1);
            b1 = BasicConv2d($"{name}.branch1.1", b1, 192, 192, 3, 3, padH: 1, padW: 1);
            b1 = BasicConv2d($"{name}.branch1.2", b1, 192, 256, 3, 3, stride: 2);
            var b2 = MaxPool3x3s2(x);
            return _g.Concat(1, b0, b1, b2); // 384 + 256 + 256 = 896 channels, 8x8
        }

        private string Mixed7a(string name, string x)
        {
            var b0 = BasicConv2d($"{name}.branch0.0", x, 896, 256, 1, 1);
            b0 = BasicConv2d($"{name}.branch0.1", b0, 256, 384, 3, 3, stride: 2);
            var b1 = BasicConv2d($"{name}.branch1.0", x, 896, 256, 1, 1);
            b1 = BasicConv2d($"{name}.branch1.1", b1, 256, 256, 3, 3, stride: 2);
            var b2 = BasicConv2d($"{name}.branch2.0", x, 896, 256, 1, 1);
            b2 = BasicConv2d($"{name}.branch2.1", b2, 256, 256, 3, 3, padH: 1, padW: 1);
            b2 = BasicConv2d($"{name}.branch2.2", b2, 256, 256, 3, 3, stride: 2);
            var b3 = MaxPool3x3s2(x);
            return _g.Concat(1, b0, b1, b2, b3); // 384 + 256 + 256 + 896 = 1792 channels, 3x3
        }

        /// <summary>
        /// The tail of Block35/17/8: <c>relu?(conv2d(cat) * scale + x)</c>, where conv2d is a 1x1 conv with bias. The
        /// scale is folded into that conv's weights and bias.
        /// </summary>
        private string Residual(string name, string x, string concat, int inChannels, int outChannels, double scale, bool relu)
        {
            // Linear projection back onto the residual stream: variance-preserving (std sqrt(1/fan_in)), small bias.
            var weights = CenteredRows(outChannels, inChannels, Math.Sqrt(1.0 / inChannels), scale);
            var bias = UniformWithStd(outChannels, 0.01, scale);
            PytorchParameterCount += weights.Length + bias.Length;

            var up = Conv(x: concat,
                _g.Weights($"{name}.conv2d.weight", weights, outChannels, inChannels, 1, 1),
                _g.Weights($"{name}.conv2d.bias", bias, outChannels),
                kernelH: 1, kernelW: 1, stride: 1, padH: 0, padW: 0);
            var sum = _g.Add(up, x);
            return relu ? _g.Relu(sum) : sum;
        }

        /// <summary>facenet-pytorch's BasicConv2d: conv (no bias) → BatchNorm2d(eps 0.001) → ReLU, with the BN folded.</summary>
        private string BasicConv2d(string name, string x, int inChannels, int outChannels, int kernelH, int kernelW,
            int stride = 1, int padH = 0, int padW = 0)
        {
            var fanIn = inChannels * kernelH * kernelW;
            var weights = CenteredRows(outChannels, fanIn, Math.Sqrt(2.0 / fanIn)); // He init for a ReLU layer
            var bias = FoldBatchNorm(weights, outChannels);
            PytorchParameterCount += weights.Length + 2L * outChannels; // conv weight + BN weight and bias

            var y = Conv(x,
                _g.Weights($"{name}.weight", weights, outChannels, inChannels, kernelH, kernelW),
                _g.Weights($"{name}.bias", bias, outChannels),
                kernelH, kernelW, stride, padH, padW);
            return _g.Relu(y);
        }

        /// <summary>last_linear (1792→512, no bias) followed by last_bn (BatchNorm1d, eps 0.001), folded into one Gemm.</summary>
        private string LinearWithBatchNorm(string name, string x, int inFeatures, int outFeatures)
        {
            var weights = CenteredRows(outFeatures, inFeatures, Math.Sqrt(1.0 / inFeatures));
            var bias = FoldBatchNorm(weights, outFeatures);
            PytorchParameterCount += weights.Length + 2L * outFeatures;

            // PyTorch's Linear stores [out, in]; Gemm with transB=1 computes x · Wᵀ + b directly.
            return _g.Node("Gemm",
                [x, _g.Weights($"{name}.weight", weights, outFeatures, inFeatures), _g.Weights($"{name}.bias", bias, outFeatures)],
                OnnxAttribute.Int("transB", 1));
        }

        /// <summary>
        /// Draws a BatchNorm's gamma, beta, running mean and running variance for <paramref name="channels"/> channels,
        /// scales each output channel's weights in place by gamma / sqrt(var + eps) and returns the folded bias
        /// beta − mean · gamma / sqrt(var + eps). The parameters are kept near the identity (gamma ≈ 1, var ≈ 1,
        /// small beta and mean) so the He-scaled activations keep their magnitude through all 20+ residual blocks.
        /// </summary>
        private float[] FoldBatchNorm(float[] weights, int channels)
        {
            var perChannel = weights.Length / channels;
            var bias = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var gamma = Uniform(0.8, 1.2);
                var beta = Uniform(-0.1, 0.1);
                var mean = Uniform(-0.1, 0.1);
                var variance = Uniform(0.8, 1.2);
                var factor = gamma / Math.Sqrt(variance + BatchNormEpsilon);
                var row = weights.AsSpan(c * perChannel, perChannel);
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = (float)(row[i] * factor);
                }

                bias[c] = (float)(beta - mean * factor);
            }

            return bias;
        }

        /// <summary>
        /// Zero-mean uniform values with standard deviation <paramref name="std"/> (range ±std·√3), times
        /// <paramref name="scale"/>. Uniform rather than normal so generation needs only IEEE-exact arithmetic and the
        /// bytes do not depend on the platform's transcendental functions.
        /// </summary>
        private float[] UniformWithStd(int count, double std, double scale = 1.0)
        {
            var limit = std * Math.Sqrt(3.0);
            var values = new float[count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)(Uniform(-limit, limit) * scale);
            }

            return values;
        }

        /// <summary>
        /// Like <see cref="UniformWithStd"/> for a weight matrix of <paramref name="rows"/> output channels, but each
        /// row (one output channel's filter over all its inputs) is shifted to sum to zero.
        /// </summary>
        private float[] CenteredRows(int rows, int rowLength, double std, double scale = 1.0)
        {
            var limit = std * Math.Sqrt(3.0);
            var values = new float[rows * rowLength];
            var row = new double[rowLength];
            for (var r = 0; r < rows; r++)
            {
                double sum = 0;
                for (var i = 0; i < rowLength; i++)
                {
                    row[i] = Uniform(-limit, limit);
                    sum += row[i];
                }

                var mean = sum / rowLength;
                for (var i = 0; i < rowLength; i++)
                {
                    values[r * rowLength + i] = (float)((row[i] - mean) * scale);
                }
            }

            return values;
        }

        private double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

        private string Conv(string x, string weights, string? bias, int kernelH, int kernelW, int stride, int padH, int padW)
        {
            string[] inputs = bias is null ? [x, weights] : [x, weights, bias];
            return _g.Node("Conv", inputs,
                OnnxAttribute.Ints("kernel_shape", kernelH, kernelW),
                OnnxAttribute.Ints("strides", stride, stride),
                OnnxAttribute.Ints("pads", padH, padW, padH, padW));
        }

        /// <summary>nn.MaxPool2d(3, stride=2): no padding, floor mode.</summary>
        private string MaxPool3x3s2(string x) =>
            _g.Node("MaxPool", [x],
                OnnxAttribute.Ints("kernel_shape", 3, 3),
                OnnxAttribute.Ints("strides", 2, 2));
    }
}
