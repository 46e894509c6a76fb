using System.Numerics.Tensors;

namespace FaceCluster.Grouping;

/// <summary>
/// The exact mean squared distance between two components over all their cross pairs, in one dot product: each
/// component keeps the sum of its embeddings and of their squared norms (at its root), added up on every join, and
/// mean‖a−b‖² = mean‖a‖² + mean‖b‖² − 2·(Σa·Σb)/(|A|·|B|).
/// </summary>
/// <remarks>One flat n×d buffer (a million 128-d faces: 512 MB), no per-component objects.</remarks>
internal sealed class ComponentMeans
{
    private readonly int _dimension;
    private readonly float[] _sums;
    private readonly double[] _squaredNorms;

    public ComponentMeans(GroupingInput input)
    {
        _dimension = input.Dimension;
        _sums = input.Embeddings.ToArray();
        _squaredNorms = new double[input.Count];
        for (var row = 0; row < input.Count; row++)
        {
            var embedding = input.Row(row);
            _squaredNorms[row] = TensorPrimitives.Dot(embedding, embedding);
        }
    }

    /// <summary>Adds the absorbed component's sums into the survivor's (both roots).</summary>
    public void Merge(int survivor, int absorbed)
    {
        TensorPrimitives.Add(Sum(survivor), Sum(absorbed), Sum(survivor));
        _squaredNorms[survivor] += _squaredNorms[absorbed];
    }

    /// <summary>Mean squared distance over all cross pairs of two components of the given sizes (roots).</summary>
    public float MeanCrossDistance(int rootA, int sizeA, int rootB, int sizeB)
    {
        var cross = TensorPrimitives.Dot(Sum(rootA), Sum(rootB));
        return (float)((_squaredNorms[rootA] / sizeA) + (_squaredNorms[rootB] / sizeB) - (2.0 * cross / ((double)sizeA * sizeB)));
    }

    private Span<float> Sum(int root) => _sums.AsSpan(root * _dimension, _dimension);
}
