using FaceCluster.Indexing;

namespace FaceCluster.Grouping;

/// <summary>
/// The HNSW index kept beside the database (<c>DB.PROFILE.usearch</c> + a JSON sidecar). Reused when its sidecar
/// matches the faces in the database; extended when it holds a subset of them (new faces since the last run); rebuilt
/// when faces it holds are gone or the profile or dimension changed.
/// </summary>
public sealed class FaceIndexStore(string databasePath, string profile, HnswOptions options)
{
    public string IndexPath { get; } = $"{Path.GetFullPath(databasePath)}.{profile}.usearch";

    /// <summary>Returns an index holding exactly <paramref name="faceIds"/>, and what was done to get it.</summary>
    public (HnswIndex Index, string Action) Open(ReadOnlyMemory<long> faceIds, ReadOnlyMemory<float> embeddings, int dimension)
    {
        var current = IndexMetadata.Describe(profile, dimension, KeySetHash.Of(faceIds.ToArray()));
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

                if (TryExtend(index, faceIds, embeddings, dimension))
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

    /// <summary>True when the saved index still matches the database exactly (doctor's check).</summary>
    public bool IsConsistent(IReadOnlyCollection<long> faceIds, int dimension)
    {
        var saved = IndexMetadata.TryLoad(IndexMetadata.SidecarPath(IndexPath));
        return saved is not null && File.Exists(IndexPath) && saved.Matches(IndexMetadata.Describe(profile, dimension, KeySetHash.Of(faceIds)));
    }

    public void Delete()
    {
        File.Delete(IndexPath);
        File.Delete(IndexMetadata.SidecarPath(IndexPath));
    }

    /// <summary>Adds the faces the index lacks, provided every face it holds still exists.</summary>
    private static bool TryExtend(HnswIndex index, ReadOnlyMemory<long> faceIds, ReadOnlyMemory<float> embeddings, int dimension)
    {
        var missingRows = new List<int>();
        var ids = faceIds.Span;
        for (var row = 0; row < ids.Length; row++)
        {
            if (!index.Contains(ids[row]))
            {
                missingRows.Add(row);
            }
        }

        if (index.Count != ids.Length - missingRows.Count)
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
