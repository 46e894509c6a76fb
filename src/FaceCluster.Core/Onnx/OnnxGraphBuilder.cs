using System.Runtime.InteropServices;
using Google.Protobuf;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Onnx;

/// <summary>
/// Builds an ONNX graph node by node. Every value name is generated unique, so converters can compose
/// layer helpers freely; the typed op helpers live in <see cref="OnnxOps"/>.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The opset every FaceCluster graph targets: supported by every ONNX Runtime release since 1.14.</summary>
    public const int OpsetVersion = 17;

    private const long IrVersion = 8;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>Number of float parameters held by the initializers so far.</summary>
    public long ParameterCount { get; private set; }

    /// <summary>Declares a float32 graph input; a null dimension is dynamic and named by <paramref name="dynamicName"/>.</summary>
    public string Input(string name, long?[] dims, string dynamicName = "N")
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, dims, dynamicName));
        return name;
    }

    /// <summary>Exposes <paramref name="value"/> as a float32 graph output called <paramref name="name"/>.</summary>
    public string Output(string value, string name, long?[] dims, string dynamicName = "N")
    {
        if (value != name)
        {
            Reserve(name);
            Node("Identity", [value], [name]);
        }

        _graph.Output.Add(ValueInfo(name, dims, dynamicName));
        return name;
    }

    /// <summary>Adds a float32 initializer (weights) and returns its value name.</summary>
    public string Weights(string hint, ReadOnlySpan<float> data, params long[] dims)
    {
        CheckElementCount(data.Length, dims, hint);
        var name = Unique(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data));
        _graph.Initializer.Add(tensor);
        ParameterCount += data.Length;
        return name;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, pads); these are not counted as parameters.</summary>
    public string Int64s(string hint, params long[] values)
    {
        var name = Unique(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A float32 scalar constant (rank 0).</summary>
    public string Scalar(string hint, float value)
    {
        var name = Unique(hint);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.RawData = ByteString.CopyFrom(BitConverter.GetBytes(value));
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with one output and returns that output's generated name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = Unique(opType.ToLowerInvariant());
        Node(opType, inputs, [output], attributes);
        return output;
    }

    /// <summary>Adds a node with explicitly named outputs.</summary>
    public void Node(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique("node_" + opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var attribute in attributes)
        {
            node.Attribute.Add(attribute.Proto);
        }

        _graph.Node.Add(node);
    }

    /// <summary>Returns a name that no other value of this graph uses, derived from <paramref name="hint"/>.</summary>
    public string Unique(string hint)
    {
        var name = hint;
        while (!_names.Add(name))
        {
            name = $"{hint}_{++_counter}";
        }

        return name;
    }

    public ModelProto Build(string docString, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FaceCluster",
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"ONNX value name '{name}' is already used in graph '{_graph.Name}'.");
        }
    }

    private static void CheckElementCount(int length, long[] dims, string hint)
    {
        long expected = 1;
        foreach (var d in dims)
        {
            expected *= d;
        }

        if (expected != length)
        {
            throw new ArgumentException($"Initializer '{hint}' has {length} values but shape [{string.Join(",", dims)}] needs {expected}.");
        }
    }

    private static ValueInfoProto ValueInfo(string name, long?[] dims, string dynamicName)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d is { } value
                ? new TensorShapeProto.Types.Dimension { DimValue = value }
                : new TensorShapeProto.Types.Dimension { DimParam = dynamicName });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}
