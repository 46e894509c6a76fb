namespace FaceCluster.Storage;

/// <summary>How <see cref="IFaceStore.ReadEmbeddings"/> pages through the faces: keyset batches by face id.</summary>
public static class EmbeddingBatch
{
    /// <summary>Rows per query: big enough that a round trip per batch costs nothing, small enough to bound the server's work per query.</summary>
    public const int DefaultSize = 8192;

}
