using FaceCluster.Onnx;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Models.FaceApi;

/// <summary>
/// Converts face-api.js's SSD-MobileNetV1 face detector (tfjs weights) into an ONNX graph that mirrors
/// <c>src/ssdMobilenetv1/*</c> layer for layer, including the anchor decoding of <c>outputLayer.ts</c>.
/// </summary>
/// <remarks>
/// <para>Input <c>input</c>: float32 [N, 3, 512, 512], NCHW RGB, already normalised as <c>x * 0.007843137718737125 - 1</c>
/// (see <see cref="Imaging.TfResizePacker"/>); the batch dimension is dynamic.</para>
/// <para>Outputs: <c>boxes</c> [N, 5118, 4], decoded <c>[ymin, xmin, ymax, xmax]</c> relative to the padded 512×512 input
/// and not yet clamped; <c>scores</c> [N, 5118], the sigmoid of class 1 (face).</para>
/// </remarks>
public static class SsdMobilenetV1Converter
{
    public const string ManifestFile = "ssd_mobilenetv1_model-weights_manifest.json";

    public const int InputSize = 512;

    public const int AnchorCount = 5118;

    /// <summary>The batch-norm epsilon face-api.js hard-codes in mobileNetV1.ts (0.001 rounded to float32).</summary>
    private const float BatchNormEpsilon = 0.0010000000474974513f;

    private const string Anchors = "Output/extra_dim";

    /// <summary>The depthwise layers of MobileNetV1 that downsample (getStridesForLayerIdx).</summary>
    private static readonly int[] StrideTwoLayers = [2, 4, 6, 12];

    public static ModelProto Convert(WeightManifest weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var g = new OnnxGraphBuilder("ssd_mobilenetv1");
        var input = g.Input("input", [null, 3, InputSize, InputSize]);

        var (features, conv11) = MobileNetV1(g, weights, input);
        var (boxEncodings, classPredictions) = PredictionLayer(g, weights, features, conv11);
        var boxes = DecodeBoxes(g, weights, boxEncodings);
        // classPredictions: [N, 5118, 3]; keep class 1 (face) and drop the background and the unused class.
        var faceLogits = Slice(g, classPredictions, axis: 2, start: 1, end: 2);
        var scores = g.Reshape(g.Sigmoid(faceLogits), 0, AnchorCount);

        g.Output(boxes, "boxes", [null, AnchorCount, 4]);
        g.Output(scores, "scores", [null, AnchorCount]);
        return g.Build(
            "face-api.js SSD-MobileNetV1 face detector converted by FaceCluster",
            new Dictionary<string, string>
            {
                ["source"] = Path.GetFileName(weights.ManifestPath),
                ["input"] = "float32 [N,3,512,512] RGB, x*0.007843137718737125-1, padded bottom/right to a square",
                ["outputs"] = "boxes [N,5118,4] ymin,xmin,ymax,xmax in 0..1 of the padded input (unclamped); scores [N,5118] sigmoid of class 1",
                ["parameters"] = g.ParameterCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    /// <summary>mobileNetV1.ts: conv_0 then 13 depthwise/pointwise pairs; also returns the output of pair 11.</summary>
    private static (string Out, string Conv11) MobileNetV1(OnnxGraphBuilder g, WeightManifest w, string x)
    {
        var output = PointwiseConv(g, w, "MobilenetV1/Conv2d_0_pointwise", x, stride: 2);
        string? conv11 = null;
        for (var layer = 1; layer <= 13; layer++)
        {
            var stride = StrideTwoLayers.Contains(layer) ? 2 : 1;
            output = DepthwiseConv(g, w, $"MobilenetV1/Conv2d_{layer}_depthwise", output, stride);
            output = PointwiseConv(g, w, $"MobilenetV1/Conv2d_{layer}_pointwise", output, stride: 1);
            if (layer == 11)
            {
                conv11 = output;
            }
        }

        return (output, conv11!);
    }

    /// <summary>
    /// predictionLayer.ts: eight extra feature layers and six box predictors. Returns the raw box encodings
    /// [N, 5118, 4] and class logits [N, 5118, 3] in face-api's anchor order.
    /// </summary>
    private static (string BoxEncodings, string ClassPredictions) PredictionLayer(
        OnnxGraphBuilder g, WeightManifest w, string x, string conv11)
    {
        var extra = new string[8];
        var previous = x;
        for (var i = 0; i < extra.Length; i++)
        {
            previous = extra[i] = PointwiseConv(g, w, $"Prediction/Conv2d_{i}_pointwise", previous, stride: i % 2 == 1 ? 2 : 1);
        }

        string[] sources = [conv11, x, extra[1], extra[3], extra[5], extra[7]];
        var boxEncodings = new string[sources.Length];
        var classPredictions = new string[sources.Length];
        for (var i = 0; i < sources.Length; i++)
        {
            var prefix = $"Prediction/BoxPredictor_{i}";
            boxEncodings[i] = HeadToAnchors(g, BiasedConv(g, w, $"{prefix}/BoxEncodingPredictor", sources[i]), 4);
            classPredictions[i] = HeadToAnchors(g, BiasedConv(g, w, $"{prefix}/ClassPredictor", sources[i]), 3);
        }

        return (g.Concat(1, boxEncodings), g.Concat(1, classPredictions));
    }

    /// <summary>
    /// boxPredictionLayer.ts reshapes the NHWC head output [N, H, W, A*k] to [N, H*W*A, k]; the NCHW output is
    /// transposed back to NHWC first so anchors come out in the same order as the anchor table.
    /// </summary>
    private static string HeadToAnchors(OnnxGraphBuilder g, string nchw, long valuesPerAnchor) =>
        g.Reshape(g.Transpose(nchw, 0, 2, 3, 1), 0, -1, valuesPerAnchor);

    /// <summary>
    /// outputLayer.ts decodeBoxesLayer with scale factors 10, 10, 5, 5, evaluated in the same operation order:
    /// centre = t/10 * size + anchorCentre, half = exp(t/5) * size / 2, box = [centre - half, centre + half].
    /// </summary>
    private static string DecodeBoxes(OnnxGraphBuilder g, WeightManifest w, string encodings)
    {
        var anchorTensor = w[Anchors];
        if (!anchorTensor.Shape.SequenceEqual([1, AnchorCount, 4]))
        {
            throw new InvalidDataException(
                $"{Anchors} has shape [{string.Join(",", anchorTensor.Shape)}], expected [1,{AnchorCount},4].");
        }

        var anchors = g.Weights("anchors", anchorTensor.Data, 1, AnchorCount, 4);
        var anchorMin = Slice(g, anchors, axis: 2, start: 0, end: 2);
        var anchorMax = Slice(g, anchors, axis: 2, start: 2, end: 4);
        var sizes = g.Sub(anchorMax, anchorMin);
        var centres = g.Add(anchorMin, g.Div(sizes, g.Scalar("two", 2f)));

        var offsets = Slice(g, encodings, axis: 2, start: 0, end: 2);
        var logScales = Slice(g, encodings, axis: 2, start: 2, end: 4);
        var centre = g.Add(g.Mul(g.Div(offsets, g.Scalar("centre_scale", 10f)), sizes), centres);
        var half = g.Div(g.Mul(g.Node("Exp", [g.Div(logScales, g.Scalar("size_scale", 5f))]), sizes), g.Scalar("two", 2f));
        return g.Concat(2, g.Sub(centre, half), g.Add(centre, half));
    }

    /// <summary>pointwiseConvLayer.ts: conv2d 'same' (kernel 1 or 3) + batch-norm offset, then ReLU6.</summary>
    private static string PointwiseConv(OnnxGraphBuilder g, WeightManifest w, string prefix, string x, int stride)
    {
        var filters = ConvFilters(g, w[$"{prefix}/weights"]);
        var offset = Vector(g, w[$"{prefix}/convolution_bn_offset"]);
        return g.Clip(g.Conv(x, filters, offset, stride, OnnxOps.Padding.Same), 0, 6);
    }

    /// <summary>
    /// mobileNetV1.ts depthwiseConvLayer: depthwise conv2d 'same', then tf.batchNorm with the stored
    /// moving mean/variance, gamma, beta and epsilon 0.001 (face-api applies it unfolded; so does this graph,
    /// as an ONNX BatchNormalization with the same epsilon), then ReLU6.
    /// </summary>
    private static string DepthwiseConv(OnnxGraphBuilder g, WeightManifest w, string prefix, string x, int stride)
    {
        var tensor = w[$"{prefix}/depthwise_weights"];
        var (kh, kw, channels, multiplier) = (tensor.Shape[0], tensor.Shape[1], tensor.Shape[2], tensor.Shape[3]);
        if (multiplier != 1)
        {
            throw new InvalidDataException($"{tensor.Name}: depth multiplier {multiplier} is not supported.");
        }

        // TF [kh, kw, C, 1] -> ONNX [C, 1, kh, kw] with group = C.
        var data = new float[tensor.ElementCount];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < kh; y++)
            {
                for (var xx = 0; xx < kw; xx++)
                {
                    data[(c * kh + y) * kw + xx] = tensor.Data[(y * kw + xx) * channels + c];
                }
            }
        }

        var filters = g.Weights(tensor.Name, data, channels, 1, kh, kw);
        var conv = g.Conv(x, filters, null, stride, OnnxOps.Padding.Same, group: channels);
        var normalized = g.Node("BatchNormalization",
            [
                conv,
                Vector(g, w[$"{prefix}/BatchNorm/gamma"]),
                Vector(g, w[$"{prefix}/BatchNorm/beta"]),
                Vector(g, w[$"{prefix}/BatchNorm/moving_mean"]),
                Vector(g, w[$"{prefix}/BatchNorm/moving_variance"]),
            ],
            OnnxAttribute.Float("epsilon", BatchNormEpsilon));
        return g.Clip(normalized, 0, 6);
    }

    /// <summary>common/convLayer.ts without ReLU: conv2d stride 1 'same' + bias.</summary>
    private static string BiasedConv(OnnxGraphBuilder g, WeightManifest w, string prefix, string x) =>
        g.Conv(x, ConvFilters(g, w[$"{prefix}/weights"]), Vector(g, w[$"{prefix}/biases"]), 1, OnnxOps.Padding.Same);

    /// <summary>TF conv filters [kh, kw, in, out] -> ONNX [out, in, kh, kw].</summary>
    private static string ConvFilters(OnnxGraphBuilder g, WeightTensor tensor)
    {
        if (tensor.Shape.Length != 4)
        {
            throw new InvalidDataException($"{tensor.Name}: expected a 4-D conv filter, got [{string.Join(",", tensor.Shape)}].");
        }

        var (kh, kw, inputs, outputs) = (tensor.Shape[0], tensor.Shape[1], tensor.Shape[2], tensor.Shape[3]);
        var data = new float[tensor.ElementCount];
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < inputs; i++)
            {
                for (var y = 0; y < kh; y++)
                {
                    for (var x = 0; x < kw; x++)
                    {
                        data[((o * inputs + i) * kh + y) * kw + x] = tensor.Data[((y * kw + x) * inputs + i) * outputs + o];
                    }
                }
            }
        }

        return g.Weights(tensor.Name, data, outputs, inputs, kh, kw);
    }

    private static string Vector(OnnxGraphBuilder g, WeightTensor tensor)
    {
        if (tensor.Shape.Length != 1)
        {
            throw new InvalidDataException($"{tensor.Name}: expected a vector, got [{string.Join(",", tensor.Shape)}].");
        }

        return g.Weights(tensor.Name, tensor.Data, tensor.Shape[0]);
    }

    private static string Slice(OnnxGraphBuilder g, string x, long axis, long start, long end) =>
        g.Node("Slice", [x, g.Int64s("starts", start), g.Int64s("ends", end), g.Int64s("axes", axis)]);
}
