using FaceCluster.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FaceCluster.Tests.Onnx;

public class OnnxGraphBuilderTests
{
    [Fact]
    public void Build_ConvReluGraph_RunsInOnnxRuntimeWithExpectedValues()
    {
        // Given a 1x1 conv with weight 2 and bias -3 followed by ReLU
        var g = new OnnxGraphBuilder("smoke");
        var x = g.Input("x", [null, 1, 2, 2]);
        var y = g.Relu(g.Conv(x, g.Weights("w", [2f], 1, 1, 1, 1), g.Weights("b", [-3f], 1), 1, OnnxOps.Padding.Same));
        g.Output(y, "y", [null, 1, 2, 2]);
        var bytes = g.Build("smoke test").ToByteArray();

        // When it runs on [1, 2, 3, 4]
        using var session = new InferenceSession(bytes);
        var input = new DenseTensor<float>(new[] { 1f, 2f, 3f, 4f }, [1, 1, 2, 2]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);

        // Then each value is relu(2x - 3)
        Assert.Equal([0f, 1f, 3f, 5f], results.Single().AsEnumerable<float>().ToArray());
        Assert.Equal(2, g.ParameterCount);
    }

    [Fact]
    public void Weights_WithWrongElementCount_Throws()
    {
        var g = new OnnxGraphBuilder("bad");
        Assert.Throws<ArgumentException>(() => g.Weights("w", [1f, 2f, 3f], 2, 2));
    }
}
