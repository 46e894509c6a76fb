using System.Numerics.Tensors;
using FaceCluster.Imaging;

namespace FaceCluster.Embedding;

/// <summary>
/// The embedders of a profile run as one: a face's packed input is every part's aligned input side by side, and its
/// embedding is the concatenation of the parts' unit vectors, each scaled by √(weight / sum of weights), renormalised.
/// The squared L2 distance of two such embeddings is then the weighted mean of the parts' squared distances, so
/// thresholds, the index and grouping treat it like any embedding. A profile with one embedder is that embedder,
/// untouched (raw vectors included).
/// </summary>
public sealed class FusedEmbedder : IDisposable
{
    private readonly float[] _scales;
    private readonly float[] _partOutput;

    public FusedEmbedder(IReadOnlyList<EmbedderPart> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        Parts = parts;
        Capacity = parts.Min(p => p.Embedder.Capacity);
        InputLength = parts.Sum(p => p.InputLength);
        Dimension = parts.Sum(p => p.Dimension);
        var total = parts.Sum(p => p.Weight);
        _scales = parts.Select(p => MathF.Sqrt(p.Weight / total)).ToArray();
        _partOutput = parts.Count == 1 ? [] : new float[Capacity * parts.Max(p => p.Dimension)];
    }

    public IReadOnlyList<EmbedderPart> Parts { get; }

    /// <summary>How many faces fit in one <see cref="Run"/>: the fewest any part takes.</summary>
    public int Capacity { get; }

    /// <summary>Floats of one face's packed input, all parts together.</summary>
    public int InputLength { get; }

    public int Dimension { get; }

    public bool IsFused => Parts.Count > 1;

    /// <summary>Whether embeddings are unit vectors: always when fused, else as the embedder's profile says.</summary>
    public bool Normalizes => IsFused || Parts[0].Embedder.Normalizes;

    /// <summary>Puts a face's packed input (<see cref="InputLength"/> floats) into slot <paramref name="slot"/> of every part.</summary>
    public void Load(int slot, ReadOnlySpan<float> input)
    {
        foreach (var part in Parts)
        {
            input.Slice(part.InputOffset, part.InputLength).CopyTo(part.Embedder.InputSlot(slot));
        }
    }

    /// <summary>Embeds slots [0, <paramref name="count"/>) into <paramref name="destination"/> (count × Dimension floats).</summary>
    public void Run(int count, Span<float> destination)
    {
        if (!IsFused)
        {
            Parts[0].Embedder.Run(count, destination);
            return;
        }

        for (var p = 0; p < Parts.Count; p++)
        {
            var part = Parts[p];
            var output = _partOutput.AsSpan(0, count * part.Dimension);
            part.Embedder.Run(count, output, normalize: true);
            for (var face = 0; face < count; face++)
            {
                TensorPrimitives.Multiply(
                    output.Slice(face * part.Dimension, part.Dimension), _scales[p],
                    destination.Slice(face * Dimension + part.OutputOffset, part.Dimension));
            }
        }

        for (var face = 0; face < count; face++)
        {
            OnnxFaceEmbedder.Normalize(destination.Slice(face * Dimension, Dimension));
        }
    }

    /// <summary>Packs an image that already is an aligned face into each part's share of <paramref name="input"/>.</summary>
    public void PackAligned(RgbImage image, Span<float> input)
    {
        foreach (var part in Parts)
        {
            part.Input.PackCentred(image, image.Bounds, input.Slice(part.InputOffset, part.InputLength));
        }
    }

    /// <summary>
    /// Part <paramref name="part"/>'s own embedding, unit length, read back from a fused one (its slice, renormalised);
    /// for a single embedder, the embedding itself.
    /// </summary>
    public float[] PartOf(ReadOnlySpan<float> embedding, int part)
    {
        var slice = embedding.Slice(Parts[part].OutputOffset, Parts[part].Dimension).ToArray();
        if (IsFused)
        {
            OnnxFaceEmbedder.Normalize(slice);
        }

        return slice;
    }

    /// <summary>
    /// The embedding this profile would give with other <paramref name="weights"/> (one per part, at least one
    /// positive), read from a fused one: each part's unit vector scaled by √(weight / total), parts weighted 0 left
    /// out. Lets weights be chosen on cached embeddings without embedding again.
    /// </summary>
    public float[] Reweighted(ReadOnlySpan<float> embedding, IReadOnlyList<float> weights)
    {
        if (weights.Count != Parts.Count || weights.Any(w => w < 0 || !float.IsFinite(w)) || weights.Sum() <= 0)
        {
            throw new ArgumentException($"{Parts.Count} weights, none negative and at least one positive, are needed.", nameof(weights));
        }

        var total = weights.Sum();
        var result = new float[Parts.Where((_, i) => weights[i] > 0).Sum(p => p.Dimension)];
        var offset = 0;
        for (var i = 0; i < Parts.Count; i++)
        {
            if (weights[i] > 0)
            {
                TensorPrimitives.Multiply(PartOf(embedding, i), MathF.Sqrt(weights[i] / total), result.AsSpan(offset, Parts[i].Dimension));
                offset += Parts[i].Dimension;
            }
        }

        OnnxFaceEmbedder.Normalize(result);
        return result;
    }

    public void Dispose()
    {
        foreach (var part in Parts)
        {
            part.Embedder.Dispose();
        }
    }
}
