using System.Numerics.Tensors;
using FaceCluster.Alignment;
using FaceCluster.Configuration;
using FaceCluster.Imaging;
using FaceCluster.Models;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Embedding;

/// <summary>
/// Runs any embedding model described by an <see cref="EmbedderProfile"/>. Callers fill input slots (one aligned face
/// each) and call <see cref="Run"/>; the buffers are allocated once, so embedding allocates nothing per face. Models
/// whose batch dimension is fixed (e.g. MobileFaceNet's 1) are run slot by slot. With <see cref="EmbedderProfile.Jitter"/>
/// each face is run as that many jittered views and its embedding is their mean, as dlib computes descriptors; with
/// <see cref="EmbedderProfile.Mirror"/> each view is also run mirrored left to right.
/// </summary>
public sealed class OnnxFaceEmbedder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly float[] _faces;
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly FaceJitter? _jitter;
    private readonly bool _mirror;
    private readonly TensorLayout _layout;
    private readonly long[] _inputShape;
    private readonly long[] _outputShape;
    private readonly int _modelBatch;
    private readonly bool _normalize;

    public OnnxFaceEmbedder(string modelPath, EmbedderProfile profile, SessionOptions? sessionOptions = null)
    {
        _session = OnnxSessionFactory.Open(modelPath, sessionOptions, profile.Sha256);
        try
        {
            _inputName = profile.InputName;
            _outputName = profile.OutputName;
            _normalize = profile.Normalize;
            InputSize = profile.InputSize;
            Dimension = profile.EmbeddingSize;
            _modelBatch = CheckShapes(modelPath, profile);
            _jitter = profile.Jitter > 1 ? new FaceJitter(profile.Jitter, InputFormat.From(profile, "Embedder")) : null;
            _mirror = profile.Mirror;
            _layout = profile.Layout;
            Views = (_jitter?.Count ?? 1) * (_mirror ? 2 : 1);
            // BatchSize counts session inputs, so with more views fewer faces fit in one run; at least two, so that a face
            // and its mirror (lfw --flip) always fit together.
            Capacity = Math.Max(2, profile.BatchSize / Views);
            // A fixed-batch model is fed whole batches, so the session buffers hold a multiple of its batch size.
            var inputs = _modelBatch > 0 ? (Capacity * Views + _modelBatch - 1) / _modelBatch * _modelBatch : Capacity * Views;
            _input = new float[inputs * InputLength];
            _output = new float[inputs * Dimension];
            _faces = Views == 1 ? _input : new float[Capacity * InputLength];
            _inputShape = profile.Layout == TensorLayout.Nchw ? [0, 3, InputSize, InputSize] : [0, InputSize, InputSize, 3];
            _outputShape = [0, Dimension];
            // Last, so that a model the profile does not fit leaves nothing to release but the session.
            _runOptions = new RunOptions();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>How many faces fit in one <see cref="Run"/>.</summary>
    public int Capacity { get; }

    /// <summary>Model inputs per face: the profile's jitter count (at least 1), doubled when it mirrors.</summary>
    public int Views { get; }

    public int InputSize { get; }

    public int InputLength => 3 * InputSize * InputSize;

    public int Dimension { get; }

    /// <summary>Whether <see cref="Run(int, Span{float})"/> returns unit vectors (the profile's Normalize).</summary>
    public bool Normalizes => _normalize;

    /// <summary>True when the model's batch dimension is fixed and faces are run one session call at a time.</summary>
    public bool FixedBatch => _modelBatch > 0;

    public Span<float> InputSlot(int index) => _faces.AsSpan(index * InputLength, InputLength);

    /// <summary>Embeds slots [0, <paramref name="count"/>), L2-normalised as the profile's Normalize says.</summary>
    public void Run(int count, Span<float> destination) => Run(count, destination, _normalize);

    /// <summary>
    /// Embeds slots [0, <paramref name="count"/>) into <paramref name="destination"/> (count × Dimension floats),
    /// L2-normalised when <paramref name="normalize"/> so that squared distances fall in [0, 4].
    /// </summary>
    public void Run(int count, Span<float> destination, bool normalize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        if (count == 0)
        {
            return;
        }

        if (Views > 1)
        {
            for (var face = 0; face < count; face++)
            {
                WriteViews(InputSlot(face), _input.AsSpan(face * Views * InputLength, Views * InputLength));
            }
        }

        var inputs = count * Views;
        var step = _modelBatch > 0 ? _modelBatch : inputs;
        for (var start = 0; start < inputs; start += step)
        {
            var n = Math.Min(step, inputs - start);
            RunSession(start, _modelBatch > 0 ? _modelBatch : n);
        }

        if (Views == 1)
        {
            _output.AsSpan(0, count * Dimension).CopyTo(destination);
        }
        else
        {
            for (var face = 0; face < count; face++)
            {
                var mean = destination.Slice(face * Dimension, Dimension);
                _output.AsSpan(face * Views * Dimension, Dimension).CopyTo(mean);
                for (var view = 1; view < Views; view++)
                {
                    TensorPrimitives.Add(mean, _output.AsSpan((face * Views + view) * Dimension, Dimension), mean);
                }

                TensorPrimitives.Multiply(mean, 1f / Views, mean);
            }
        }

        if (normalize)
        {
            for (var i = 0; i < count; i++)
            {
                Normalize(destination.Slice(i * Dimension, Dimension));
            }
        }
    }

    public static void Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>Writes the <see cref="Views"/> model inputs of one face: each jittered view (or the face), then its mirror when on.</summary>
    private void WriteViews(ReadOnlySpan<float> face, Span<float> views)
    {
        var step = _mirror ? 2 : 1;
        for (var view = 0; view * step < Views; view++)
        {
            var target = views.Slice(view * step * InputLength, InputLength);
            if (_jitter is null)
            {
                face.CopyTo(target);
            }
            else
            {
                _jitter.Apply(face, view, target);
            }

            if (_mirror)
            {
                var mirrored = views.Slice((view * step + 1) * InputLength, InputLength);
                target.CopyTo(mirrored);
                TensorMirror.Horizontal(mirrored, InputSize, _layout);
            }
        }
    }

    private void RunSession(int start, int batch)
    {
        _inputShape[0] = batch;
        _outputShape[0] = batch;
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _input.AsMemory(start * InputLength, batch * InputLength), _inputShape);
        using var output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _output.AsMemory(start * Dimension, batch * Dimension), _outputShape);
        _session.Run(_runOptions, [_inputName], [input], [_outputName], [output]);
    }

    /// <summary>Checks the model against the profile and returns its fixed batch size, or 0 when the batch is dynamic.</summary>
    private int CheckShapes(string modelPath, EmbedderProfile profile)
    {
        if (!_session.InputMetadata.TryGetValue(profile.InputName, out var input))
        {
            throw new ModelLoadException($"{modelPath} has no input '{profile.InputName}' (it has: {string.Join(", ", _session.InputMetadata.Keys)}).");
        }

        if (!_session.OutputMetadata.TryGetValue(profile.OutputName, out var output))
        {
            throw new ModelLoadException($"{modelPath} has no output '{profile.OutputName}' (it has: {string.Join(", ", _session.OutputMetadata.Keys)}).");
        }

        int[] expected = profile.Layout == TensorLayout.Nchw ? [-1, 3, InputSize, InputSize] : [-1, InputSize, InputSize, 3];
        var dims = input.Dimensions;
        if (dims.Length != 4 || Enumerable.Range(1, 3).Any(i => dims[i] > 0 && dims[i] != expected[i]))
        {
            throw new ModelLoadException($"{modelPath} input '{profile.InputName}' has shape [{string.Join(",", dims)}], the profile expects [N,{string.Join(",", expected.Skip(1))}].");
        }

        var outDims = output.Dimensions;
        if (outDims.Length != 2 || (outDims[1] > 0 && outDims[1] != Dimension))
        {
            throw new ModelLoadException($"{modelPath} output '{profile.OutputName}' has shape [{string.Join(",", outDims)}], the profile expects [N,{Dimension}].");
        }

        var modelBatch = dims[0] > 0 ? dims[0] : 0;
        if (profile.FixedBatch > 0 && modelBatch != profile.FixedBatch)
        {
            throw new ModelLoadException($"{modelPath} has batch dimension {dims[0]}, the profile says FixedBatch {profile.FixedBatch}.");
        }

        return modelBatch;
    }
}
