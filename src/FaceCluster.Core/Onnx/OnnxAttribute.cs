using Google.Protobuf;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Onnx;

/// <summary>An ONNX node attribute, built through the typed factories so the attribute type always matches its value.</summary>
public readonly struct OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    internal AttributeProto Proto { get; }

    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value });

    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value });

    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });

    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new(proto);
    }

    public static OnnxAttribute Floats(string name, params float[] values)
    {
        var proto = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Floats };
        proto.Floats.AddRange(values);
        return new(proto);
    }
}
