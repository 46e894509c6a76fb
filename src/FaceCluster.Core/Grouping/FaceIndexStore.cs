using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// The HNSW index kept beside the database (<c>DB.PROFILE.usearch</c> + a JSON sidecar). Reused when its sidecar
/// matches the faces in the database (ids and vectors); extended when it holds a subset of them, unchanged (new faces
/// since the last run); rebuilt when faces it holds are gone or changed, or the profile or dimension changed.
/// </summary>
public sealed class FaceIndexStore(string databasePath, string profile, HnswOptions options)
{
    public string IndexPath { get; } = $"{Path.GetFullPath(databasePath)}.{profile}.usearch";

    /// <summary>Returns an index holding exactly <paramref name="faceIds"/>, and what was done to get it.</summary>
    public (HnswIndex Index, string Action) Open(ReadOnlyMemory<long> faceIds, ReadOnlyMemory<float> embeddings, int dimension)
    {
        var current = Describe(faceIds.Span, embeddings.Span, dimension);
        var saved = IndexMetadata.TryLoad(IndexMetadata.SidecarPath(IndexPath));
        if (saved is not null && File.Exists(IndexPath) && saved.Profile == profile && saved.Dimension == dimension)
        {
            HnswIndex? index = null;
            try
            {
                index = HnswIndex.Load(IndexPath, dimension, options);
                if (saved.Matches(current) && index.Count == faceIds.Length)
                {
                    return (index, "reused");
                }

                if (saved.FormatVersion == IndexMetadata.CurrentFormatVersion && TryExtend(index, saved, faceIds, embeddings, dimension))
                {
                    Save(index, current);
                    return (index, "extended");
                }
            }
            catch (VectorIndexException)
            {
                // A damaged index file is only a cache: fall through and rebuild it.
            }

            index?.Dispose();
        }

        var rebuilt = new HnswIndex(dimension, options);
        rebuilt.AddRange(faceIds, embeddings);
        Save(rebuilt, current);
        return (rebuilt, "built");
    }

    /// <summary>The saved index when it matches the faces exactly, else null; never writes (for reading commands).</summary>
    public HnswIndex? TryLoad(ReadOnlySpan<long> faceIds, ReadOnlySpan<float> embeddings, int dimension)
    {
        if (!IsConsistent(faceIds, embeddings, dimension))
        {
            return null;
        }

        try
        {
            var index = HnswIndex.Load(IndexPath, dimension, options);
            if (index.Count == faceIds.Length)
            {
                return index;
            }

            index.Dispose();
            return null;
        }
        catch (Exception ex) when (ex is VectorIndexException or IOException)
        {
            // Replaced or damaged since the check: the caller builds its own.
            return null;
        }
    }

    /// <summary>True when the saved index still matches the database exactly, vectors included (doctor's check).</summary>
    public bool IsConsistent(ReadOnlySpan<long> faceIds, ReadOnlySpan<float> embeddings, int dimension)
    {
        var saved = IndexMetadata.TryLoad(IndexMetadata.SidecarPath(IndexPath));
        return saved is not null && File.Exists(IndexPath) && saved.Matches(Describe(faceIds, embeddings, dimension));
    }

    public void Delete()
    {
        File.Delete(IndexPath);
        File.Delete(IndexMetadata.SidecarPath(IndexPath));
    }

    private IndexMetadata Describe(ReadOnlySpan<long> faceIds, ReadOnlySpan<float> embeddings, int dimension) =>
        IndexMetadata.Describe(profile, dimension, KeySetHash.Of(faceIds.ToArray())) with
        {
            ContentHash = FaceDigest.ContentHash(faceIds, embeddings, dimension, Enumerable.Range(0, faceIds.Length)),
        };

    /// <summary>
    /// Adds the faces the index lacks, provided every face it holds still exists with the vector it was indexed with:
    /// a face re-done under an old id, or any other change to an indexed face, forces a rebuild instead.
    /// </summary>
    private static bool TryExtend(HnswIndex index, IndexMetadata saved, ReadOnlyMemory<long> faceIds, ReadOnlyMemory<float> embeddings, int dimension)
    {
        var missingRows = new List<int>();
        var presentRows = new List<int>();
        var ids = faceIds.Span;
        for (var row = 0; row < ids.Length; row++)
        {
            (index.Contains(ids[row]) ? presentRows : missingRows).Add(row);
        }

        if (index.Count != presentRows.Count
            || !string.Equals(saved.ContentHash, FaceDigest.ContentHash(ids, embeddings.Span, dimension, presentRows), StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var row in missingRows)
        {
            index.Add(ids[row], embeddings.Span.Slice(row * dimension, dimension));
        }

        return true;
    }

    private void Save(HnswIndex index, IndexMetadata metadata)
    {
        index.Save(IndexPath);
        metadata.Save(IndexMetadata.SidecarPath(IndexPath));
    }
}
