using FaceCluster.Alignment;

namespace FaceCluster.Embedding;

/// <summary>
/// One embedder of a profile with its own input format and aligner: it reads floats
/// [<see cref="InputOffset"/>, + its input length) of a face's packed input and writes floats
/// [<see cref="OutputOffset"/>, + its dimension) of the face's embedding.
/// </summary>
public sealed record EmbedderPart(string Name, float Weight, OnnxFaceEmbedder Embedder, InputFormat Input, IFaceAligner Aligner, int InputOffset, int OutputOffset)
{
    public int InputLength => Embedder.InputLength;

    public int Dimension => Embedder.Dimension;
}
