using System.Data.Common;
using System.Runtime.InteropServices;
using FaceCluster.Grouping;

namespace FaceCluster.Storage;

/// <summary>
/// Collects faces as a store's data reader passes them, straight into the flat buffers of a <see cref="GroupingInput"/>:
/// each embedding BLOB is copied from the reader into one reused byte buffer and from there into the contiguous float
/// buffer, so reading a million faces makes no per-face object (<see cref="IFaceStore.ReadEmbeddings"/>).
/// </summary>
internal sealed class EmbeddingBuffer
{
    private readonly long[] _faceIds;
    private readonly long[] _photoIds;
    private readonly FaceQuality[] _qualities;
    private float[] _embeddings = [];
    private byte[] _blob = [];
    private int _dimension;

    private EmbeddingBuffer(int faces)
    {
        _faceIds = new long[faces];
        _photoIds = new long[faces];
        _qualities = new FaceQuality[faces];
    }

    private int Count { get; set; }

    /// <summary>
    /// Reads <paramref name="faces"/> faces (counted in the snapshot the batches read from) batch by batch:
    /// <paramref name="executeBatch"/> runs the keyset query for the faces after the given id (0 first), at most
    /// <paramref name="batchSize"/> rows in id order with the columns id, photo id, score, shorter box side, embedding.
    /// </summary>
    public static GroupingInput? Read(int faces, int batchSize, Func<long, DbDataReader> executeBatch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (faces == 0)
        {
            return null;
        }

        var buffer = new EmbeddingBuffer(faces);
        int read;
        do
        {
            var before = buffer.Count;
            using (var reader = executeBatch(before == 0 ? 0 : buffer._faceIds[before - 1]))
            {
                while (reader.Read())
                {
                    buffer.Add(reader);
                }
            }

            read = buffer.Count - before;
        }
        while (read == batchSize);

        return buffer.ToInput();
    }

    private void Add(DbDataReader reader)
    {
        var faceId = reader.GetInt64(0);
        var blobLength = reader.GetBytes(4, 0, null, 0, 0);
        if (_dimension == 0)
        {
            _dimension = checked((int)(blobLength / sizeof(float)));
            _blob = new byte[blobLength];
            _embeddings = new float[(long)_faceIds.Length * _dimension];
        }

        if (blobLength != _blob.Length || reader.GetBytes(4, 0, _blob, 0, _blob.Length) != blobLength)
        {
            throw new StoreException($"face {faceId} has a {blobLength}-byte embedding; the faces before it have {_blob.Length} bytes.");
        }

        if (Count == _faceIds.Length)
        {
            throw new StoreException($"more faces than the {_faceIds.Length} counted in the same snapshot; the read was not consistent.");
        }

        _faceIds[Count] = faceId;
        _photoIds[Count] = reader.GetInt64(1);
        _qualities[Count] = new FaceQuality(reader.GetFloat(2), reader.GetFloat(3));
        MemoryMarshal.Cast<byte, float>(_blob).CopyTo(_embeddings.AsSpan(Count * _dimension, _dimension));
        Count++;
    }

    private GroupingInput ToInput()
    {
        if (Count != _faceIds.Length)
        {
            throw new StoreException($"{Count} faces read but {_faceIds.Length} counted in the same snapshot; the read was not consistent.");
        }

        return new GroupingInput(
            _faceIds.AsMemory(0, Count), _photoIds.AsMemory(0, Count), _embeddings.AsMemory(0, Count * _dimension), _dimension, _qualities.AsMemory(0, Count));
    }
}
