using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models.FaceApi;

/// <summary>
/// Converts face-api.js's FaceLandmark68Net (tfjs weights) into an ONNX graph that computes exactly what its
/// <c>runNet</c> computes: FaceFeatureExtractor (four dense blocks, 7x7 average pool) followed by the 136-wide
/// fully connected layer. The graph's input is already normalised (see <see cref="InputMean"/>); its output is the raw
/// FC output, interleaved x,y pairs in units of the 112-pixel padded square. Decoding to crop-relative positions
/// (face-api's <c>postProcess</c>) is left to the caller because it depends on each crop's size.
/// </summary>
public static class FaceLandmark68Converter
{
    public const string ManifestFile = "face_landmark_68_model-weights_manifest.json";

    /// <summary>Side of the square the net sees.</summary>
    public const int InputSize = 112;

    /// <summary>Number of FC outputs: 68 points, x and y interleaved.</summary>
    public const int OutputLength = 136;

    public const string InputName = "input";

    public const string OutputName = "landmarks";

    /// <summary>Per-channel RGB mean subtracted before dividing by <see cref="InputScale"/> (FaceFeatureExtractor.forwardInput).</summary>
    public static IReadOnlyList<float> InputMean { get; } = [122.782f, 117.001f, 104.298f];

    /// <summary>face-api divides the mean-subtracted input by 255 here (not 256 as in the recognition net).</summary>
    public const float InputScale = 255f;

    private static readonly (string Name, int Channels)[] Blocks =
    [
        ("dense0", 32),
        ("dense1", 64),
        ("dense2", 128),
        ("dense3", 256),
    ];

    public static ModelProto Convert(WeightManifest weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var g = new OnnxGraphBuilder("face_landmark_68");
        var x = g.Input(InputName, [null, 3, InputSize, InputSize]);

        var inChannels = 3;
        for (var i = 0; i < Blocks.Length; i++)
        {
            var (name, channels) = Blocks[i];
            x = DenseBlock4(g, weights, x, name, inChannels, channels, isFirstLayer: i == 0);
            inChannels = channels;
        }

        // 112 -> 56 -> 28 -> 14 -> 7 after the four stride-2 blocks; the 7x7/2 'valid' pool leaves 1x1, so flattening
        // NCHW and NHWC give the same order and face-api's fc/weights [256, 136] applies as stored.
        x = g.AveragePool(x, 7, 2, OnnxOps.Padding.Valid);
        x = g.Flatten(x);
        x = g.MatMul(x, Tensor(g, weights, "fc/weights", [inChannels, OutputLength]));
        x = g.Add(x, Tensor(g, weights, "fc/bias", [OutputLength]));
        g.Output(x, OutputName, [null, OutputLength]);

        return g.Build(
            "face-api.js FaceLandmark68Net (runNet output, before postProcess)",
            new Dictionary<string, string>
            {
                ["source"] = "face-api.js " + ManifestFile,
                ["input_size"] = InputSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["normalization"] = "(rgb - [122.782, 117.001, 104.298]) / 255, centred zero padding to a square, tf bilinear resize",
            });
    }

    /// <summary>denseBlock4: a stride-2 conv then three separable convs, each fed the ReLU of the sum of all earlier outputs.</summary>
    private static string DenseBlock4(OnnxGraphBuilder g, WeightManifest w, string x, string prefix, int inChannels, int channels, bool isFirstLayer)
    {
        var out1 = g.Relu(isFirstLayer
            ? PlainConv(g, w, x, $"{prefix}/conv0", inChannels, channels, stride: 2)
            : SeparableConv(g, w, x, $"{prefix}/conv0", inChannels, channels, stride: 2));
        var out2 = SeparableConv(g, w, out1, $"{prefix}/conv1", channels, channels, stride: 1);

        var in3 = g.Relu(g.Add(out1, out2));
        var out3 = SeparableConv(g, w, in3, $"{prefix}/conv2", channels, channels, stride: 1);

        // face-api sums as out1 + (out2 + out3) and out1 + (out2 + (out3 + out4)); float addition order is kept.
        var in4 = g.Relu(g.Add(out1, g.Add(out2, out3)));
        var out4 = SeparableConv(g, w, in4, $"{prefix}/conv3", channels, channels, stride: 1);

        return g.Relu(g.Add(out1, g.Add(out2, g.Add(out3, out4))));
    }

    /// <summary>tf.conv2d(x, filters, stride, 'same') + bias; filters [kh, kw, in, out] become ONNX [out, in, kh, kw].</summary>
    private static string PlainConv(OnnxGraphBuilder g, WeightManifest w, string x, string prefix, int inChannels, int outChannels, int stride)
    {
        var filters = Expect(w, $"{prefix}/filters", [3, 3, inChannels, outChannels]);
        var weights = g.Weights(prefix + "/filters", HwioToOihw(filters), outChannels, inChannels, 3, 3);
        var bias = Tensor(g, w, $"{prefix}/bias", [outChannels]);
        return g.Conv(x, weights, bias, stride, OnnxOps.Padding.Same);
    }

    /// <summary>
    /// tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias: a 3x3 depthwise conv carrying the stride and the
    /// 'same' padding, then a 1x1 pointwise conv, with the bias added after the pointwise step.
    /// </summary>
    private static string SeparableConv(OnnxGraphBuilder g, WeightManifest w, string x, string prefix, int inChannels, int outChannels, int stride)
    {
        var depthwise = Expect(w, $"{prefix}/depthwise_filter", [3, 3, inChannels, 1]);
        var pointwise = Expect(w, $"{prefix}/pointwise_filter", [1, 1, inChannels, outChannels]);

        // Depthwise [kh, kw, in, 1] -> [in, 1, kh, kw], one group per input channel.
        var depthwiseWeights = g.Weights(prefix + "/depthwise_filter", HwioToOihw(depthwise), inChannels, 1, 3, 3);
        var pointwiseWeights = g.Weights(prefix + "/pointwise_filter", HwioToOihw(pointwise), outChannels, inChannels, 1, 1);
        var bias = Tensor(g, w, $"{prefix}/bias", [outChannels]);

        var depth = g.Conv(x, depthwiseWeights, null, stride, OnnxOps.Padding.Same, group: inChannels);
        return g.Conv(depth, pointwiseWeights, bias, 1, OnnxOps.Padding.Valid);
    }

    /// <summary>
    /// Reorders a TF filter [kh, kw, in, out] into ONNX's [out, in, kh, kw]. For a depthwise filter [kh, kw, in, 1] this
    /// yields [1, in, kh, kw], whose memory order is exactly ONNX's grouped [in, 1, kh, kw].
    /// </summary>
    private static float[] HwioToOihw(WeightTensor tensor)
    {
        var (kh, kw, ci, co) = (tensor.Shape[0], tensor.Shape[1], tensor.Shape[2], tensor.Shape[3]);
        var result = new float[tensor.Data.Length];
        for (var y = 0; y < kh; y++)
        {
            for (var x = 0; x < kw; x++)
            {
                for (var i = 0; i < ci; i++)
                {
                    for (var o = 0; o < co; o++)
                    {
                        var source = ((y * kw + x) * ci + i) * co + o;
                        result[((o * ci + i) * kh + y) * kw + x] = tensor.Data[source];
                    }
                }
            }
        }

        return result;
    }

    private static string Tensor(OnnxGraphBuilder g, WeightManifest w, string name, int[] shape)
    {
        var tensor = Expect(w, name, shape);
        return g.Weights(name, tensor.Data, Array.ConvertAll(shape, d => (long)d));
    }

    private static WeightTensor Expect(WeightManifest w, string name, int[] shape)
    {
        var tensor = w[name];
        if (!tensor.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(w.ManifestPath)}: weight '{name}' has shape [{string.Join(",", tensor.Shape)}], expected [{string.Join(",", shape)}].");
        }

        return tensor;
    }
}
