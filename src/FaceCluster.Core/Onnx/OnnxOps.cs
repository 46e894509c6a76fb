namespace FaceCluster.Onnx;

/// <summary>Typed helpers for the ONNX operators the converters use. All activations are NCHW float32.</summary>
public static class OnnxOps
{
    /// <summary>How a convolution or pool pads its input, in TensorFlow's terms.</summary>
    public enum Padding
    {
        /// <summary>No padding.</summary>
        Valid,

        /// <summary>TensorFlow 'same': output = ceil(input / stride), the odd extra pixel at the end (ONNX SAME_UPPER).</summary>
        Same,
    }

    public static string Conv(this OnnxGraphBuilder g, string x, string weights, string? bias, int stride, Padding padding, int group = 1)
    {
        string[] inputs = bias is null ? [x, weights] : [x, weights, bias];
        return g.Node("Conv", inputs,
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Int("group", group),
            OnnxAttribute.String("auto_pad", AutoPad(padding)));
    }

    public static string Relu(this OnnxGraphBuilder g, string x) => g.Node("Relu", [x]);

    public static string Sigmoid(this OnnxGraphBuilder g, string x) => g.Node("Sigmoid", [x]);

    public static string Add(this OnnxGraphBuilder g, string a, string b) => g.Node("Add", [a, b]);

    public static string Sub(this OnnxGraphBuilder g, string a, string b) => g.Node("Sub", [a, b]);

    public static string Mul(this OnnxGraphBuilder g, string a, string b) => g.Node("Mul", [a, b]);

    public static string Div(this OnnxGraphBuilder g, string a, string b) => g.Node("Div", [a, b]);

    public static string MatMul(this OnnxGraphBuilder g, string a, string b) => g.Node("MatMul", [a, b]);

    /// <summary>Clip to [min, max], used for ReLU6.</summary>
    public static string Clip(this OnnxGraphBuilder g, string x, float min, float max) =>
        g.Node("Clip", [x, g.Scalar("clip_min", min), g.Scalar("clip_max", max)]);

    public static string MaxPool(this OnnxGraphBuilder g, string x, int kernel, int stride, Padding padding) =>
        g.Node("MaxPool", [x],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.String("auto_pad", AutoPad(padding)));

    /// <summary>Average pool that, like TensorFlow, averages only over the input pixels a 'same' window covers.</summary>
    public static string AveragePool(this OnnxGraphBuilder g, string x, int kernel, int stride, Padding padding) =>
        g.Node("AveragePool", [x],
            OnnxAttribute.Ints("kernel_shape", kernel, kernel),
            OnnxAttribute.Ints("strides", stride, stride),
            OnnxAttribute.Int("count_include_pad", 0),
            OnnxAttribute.String("auto_pad", AutoPad(padding)));

    public static string GlobalAveragePool(this OnnxGraphBuilder g, string x) => g.Node("GlobalAveragePool", [x]);

    public static string Concat(this OnnxGraphBuilder g, int axis, params string[] inputs) =>
        g.Node("Concat", inputs, OnnxAttribute.Int("axis", axis));

    public static string Reshape(this OnnxGraphBuilder g, string x, params long[] shape) =>
        g.Node("Reshape", [x, g.Int64s("shape", shape)]);

    public static string Transpose(this OnnxGraphBuilder g, string x, params long[] perm) =>
        g.Node("Transpose", [x], OnnxAttribute.Ints("perm", perm));

    public static string Flatten(this OnnxGraphBuilder g, string x, int axis = 1) =>
        g.Node("Flatten", [x], OnnxAttribute.Int("axis", axis));

    /// <summary>Constant zero padding; <paramref name="pads"/> is ONNX's [begin per axis..., end per axis...].</summary>
    public static string Pad(this OnnxGraphBuilder g, string x, params long[] pads) =>
        g.Node("Pad", [x, g.Int64s("pads", pads)], OnnxAttribute.String("mode", "constant"));

    /// <summary>Divides each row by its L2 norm, as F.normalize(p=2, dim=1) and tf.nn.l2_normalize do.</summary>
    public static string L2Normalize(this OnnxGraphBuilder g, string x) =>
        g.Node("LpNormalization", [x], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("p", 2));

    private static string AutoPad(Padding padding) => padding == Padding.Same ? "SAME_UPPER" : "VALID";
}
