using FaceCluster.Onnx.Schema;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Onnx.Quantization;

/// <summary>
/// Runs a float graph (after <see cref="BatchNormFolding"/>) with every tensor <see cref="Int8Quantizer"/> needs exposed
/// as an output, and keeps the range of each over all inputs shown to it.
/// </summary>
public sealed class ActivationCalibrator : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly Dictionary<string, ActivationRange> _ranges;
    private readonly string[] _outputs;

    public ActivationCalibrator(ModelProto foldedModel)
    {
        ArgumentNullException.ThrowIfNull(foldedModel);
        var model = foldedModel.Clone();
        _inputName = model.Graph.Input[0].Name;
        var tensors = Int8Quantizer.ActivationTensors(model.Graph);
        foreach (var name in tensors.Where(t => model.Graph.Output.All(o => o.Name != t) && t != _inputName))
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }

        _ranges = tensors.ToDictionary(t => t, _ => default(ActivationRange), StringComparer.Ordinal);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        _session = new InferenceSession(model.ToByteArray(), options);
        _outputs = [.. _session.OutputNames.Where(_ranges.ContainsKey)];
    }

    /// <summary>Runs one input tensor (the graph's first input) and widens every range by what it produced.</summary>
    public void Observe(float[] input, long[] shape)
    {
        if (_ranges.TryGetValue(_inputName, out var inputRange))
        {
            _ranges[_inputName] = inputRange.Including(input);
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, [_inputName], [value], _outputs);
        for (var i = 0; i < _outputs.Length; i++)
        {
            _ranges[_outputs[i]] = _ranges[_outputs[i]].Including(outputs[i].GetTensorDataAsSpan<float>());
        }
    }

    public ActivationRanges Ranges(string model, string calibratedOn) =>
        new(model, calibratedOn, new SortedDictionary<string, ActivationRange>(_ranges, StringComparer.Ordinal));

    public void Dispose() => _session.Dispose();
}
