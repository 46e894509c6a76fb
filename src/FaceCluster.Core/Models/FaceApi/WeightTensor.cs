namespace FaceCluster.Models.FaceApi;

/// <summary>One dequantised TensorFlow.js weight, in TensorFlow's own layout (e.g. conv filters as [kh, kw, in, out]).</summary>
public sealed record WeightTensor(string Name, int[] Shape, float[] Data)
{
    public int ElementCount => Data.Length;
}
