using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Models;

/// <summary>Runs a model once on a fixed pseudo-random input (batch 1) and returns its first output's first values.</summary>
public static class ModelProbe
{
    public const int Values = 16;

    public static float[] Run(InferenceSession session)
    {
        var (name, meta) = session.InputMetadata.First();
        var shape = meta.Dimensions.Select((d, i) => (long)(i == 0 ? 1 : d)).ToArray();
        if (shape.Skip(1).Any(d => d <= 0))
        {
            throw new ModelLoadException($"Input '{name}' has a dynamic dimension other than the batch: [{string.Join(",", meta.Dimensions)}].");
        }

        var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
        var random = new Random(20151117);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1);
        }

        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [name], [input], [session.OutputMetadata.Keys.First()]);
        var values = outputs[0].GetTensorDataAsSpan<float>();
        var head = values[..Math.Min(Values, values.Length)].ToArray();
        if (head.Any(v => !float.IsFinite(v)))
        {
            throw new ModelLoadException("The model produced non-finite values for the probe input.");
        }

        return head;
    }
}
