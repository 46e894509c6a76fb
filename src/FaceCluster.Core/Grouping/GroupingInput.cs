namespace FaceCluster.Grouping;

/// <summary>
/// The faces to group: row i is face <c>FaceIds[i]</c> from photo <c>PhotoIds[i]</c> with its embedding at
/// <c>Embeddings[i·Dimension .. (i+1)·Dimension)</c>. One contiguous buffer keeps a million 128-d faces at 512 MB
/// with no per-face objects, and lets the index and the distance checks read rows in place.
/// </summary>
/// <remarks>Face ids must be unique. The buffers are not copied; do not change them while grouping runs.</remarks>
public sealed class GroupingInput
{
    /// <param name="qualities">Each row's detection score and face size for the quality gate; empty when unknown (every face may then start a person).</param>
    public GroupingInput(
        ReadOnlyMemory<long> faceIds, ReadOnlyMemory<long> photoIds, ReadOnlyMemory<float> embeddings, int dimension, ReadOnlyMemory<FaceQuality> qualities = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (photoIds.Length != faceIds.Length)
        {
            throw new ArgumentException($"{faceIds.Length} face ids but {photoIds.Length} photo ids.", nameof(photoIds));
        }

        if (embeddings.Length != (long)faceIds.Length * dimension)
        {
            throw new ArgumentException(
                $"{faceIds.Length} faces of dimension {dimension} need {(long)faceIds.Length * dimension} values, got {embeddings.Length}.",
                nameof(embeddings));
        }

        if (!qualities.IsEmpty && qualities.Length != faceIds.Length)
        {
            throw new ArgumentException($"{faceIds.Length} face ids but {qualities.Length} qualities.", nameof(qualities));
        }

        FaceIds = faceIds;
        Qualities = qualities;
        PhotoIds = photoIds;
        Embeddings = embeddings;
        Dimension = dimension;
    }

    /// <summary>The input for stored faces (all of one profile, so of one dimension), in their order.</summary>
    public static GroupingInput Of(IReadOnlyList<Storage.StoredFace> faces)
    {
        ArgumentOutOfRangeException.ThrowIfZero(faces.Count);
        var dimension = faces[0].Embedding.Length;
        var faceIds = new long[faces.Count];
        var photoIds = new long[faces.Count];
        var embeddings = new float[faces.Count * dimension];
        var qualities = new FaceQuality[faces.Count];
        for (var i = 0; i < faces.Count; i++)
        {
            faceIds[i] = faces[i].Id;
            photoIds[i] = faces[i].PhotoId;
            faces[i].Embedding.CopyTo(embeddings, i * dimension);
            qualities[i] = new FaceQuality(faces[i].Score, Math.Min(faces[i].Box.Width, faces[i].Box.Height));
        }

        return new GroupingInput(faceIds, photoIds, embeddings, dimension, qualities);
    }

    public ReadOnlyMemory<long> FaceIds { get; }

    public ReadOnlyMemory<long> PhotoIds { get; }

    public ReadOnlyMemory<float> Embeddings { get; }

    /// <summary>Detection score and face size per row, or empty when unknown.</summary>
    public ReadOnlyMemory<FaceQuality> Qualities { get; }

    public int Dimension { get; }

    public int Count => FaceIds.Length;

    public ReadOnlySpan<float> Row(int row) => Embeddings.Span.Slice(row * Dimension, Dimension);
}
