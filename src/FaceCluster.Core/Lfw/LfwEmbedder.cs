using System.Diagnostics;
using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Imaging;

namespace FaceCluster.Lfw;

/// <summary>
/// Embeds benchmark images the way validate_on_lfw expects one embedding per image: the detected face nearest the
/// image centre, aligned exactly as ingest aligns; when no face is found, a centre crop (counted): the landmark net is
/// run on <see cref="CentreBox"/> and the face aligned from those landmarks as usual. Decoding runs in parallel;
/// detection, landmarks and embedding run on one thread with batched embedding.
/// </summary>
public sealed class LfwEmbedder(FaceModels models, EmbeddingCache cache, int decodeWorkers)
{
    /// <summary>
    /// Where the face is looked for when the detector finds none: the middle 40 % of the width and 47 % of the height
    /// from 28 % down, the median box of the faces the detector does find in LFW (whose images are centred on the face).
    /// Landmarks inside it align the crop; an unaligned centre square cost twice the errors on the 21 images of pairs.txt
    /// the detector misses.
    /// </summary>
    public static FaceBox CentreBox(int width, int height) => new(0.3f * width, 0.28f * height, 0.4f * width, 0.47f * height);

    public async Task<LfwEmbeddings> EmbedAsync(IReadOnlyList<string> paths, bool flip, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var variant = flip ? "flip" : "plain";
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var fallbacks = 0;
        var missing = new List<string>();
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            if (cache.Get(path, CacheProfile, variant) is { } hit)
            {
                result[path] = hit.Embedding;
                fallbacks += hit.Fallback ? 1 : 0;
            }
            else
            {
                missing.Add(path);
            }
        }

        var fromCache = result.Count;
        var decoded = Channel.CreateBounded<(string Path, RgbImage Image)>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.Wait });
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = decodeWorkers, CancellationToken = cancellationToken },
                    async (path, ct) => await decoded.Writer.WriteAsync((path, PhotoDecoder.Default.Load(path)), ct));
                decoded.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                decoded.Writer.TryComplete(ex);
                throw;
            }
        }, cancellationToken);

        var batch = new Batch(models, flip, CacheProfile);
        await foreach (var (path, image) in decoded.Reader.ReadAllAsync(cancellationToken))
        {
            batch.Add(path, image);
            if (batch.IsFull)
            {
                fallbacks += batch.Flush(result, cache, variant);
                progress?.Invoke(result.Count);
            }
        }

        fallbacks += batch.Flush(result, cache, variant);
        progress?.Invoke(result.Count);
        await producer;
        return new LfwEmbeddings(result, fallbacks, fromCache, clock.Elapsed.TotalSeconds);
    }

    private string CacheProfile => $"{models.ProfileName}@{models.Fingerprint}";

    /// <summary>The detected face whose box centre is nearest the image centre, or null.</summary>
    public static FaceDetection? CentreFace(IReadOnlyList<FaceDetection> faces, int width, int height) =>
        faces.MinBy(f => f.Box.CentreDistanceSquared(width / 2.0, height / 2.0));

    /// <summary>Accumulates aligned inputs in the embedder's slots (two per image with flip) and embeds them together.</summary>
    private sealed class Batch(FaceModels models, bool flip, string cacheProfile)
    {
        private readonly List<(string Path, bool Fallback)> _items = [];
        private readonly int _perImage = flip ? 2 : 1;

        public bool IsFull => (_items.Count + 1) * _perImage > models.Embedder.Capacity;

        public void Add(string path, RgbImage image)
        {
            var embedder = models.Embedder;
            var slot = embedder.InputSlot(_items.Count * _perImage);
            var face = CentreFace(models.Detector.Detect(image), image.Width, image.Height);
            var box = face?.Box ?? CentreBox(image.Width, image.Height);
            models.Aligner.Align(image, box, models.Landmarks.Detect(image, box), slot);

            if (flip)
            {
                var mirrored = embedder.InputSlot(_items.Count * 2 + 1);
                slot.CopyTo(mirrored);
                TensorMirror.Horizontal(mirrored, embedder.InputSize, models.Profile.Embedder.Layout);
            }

            _items.Add((path, face is null));
        }

        public int Flush(Dictionary<string, float[]> result, EmbeddingCache cache, string variant)
        {
            if (_items.Count == 0)
            {
                return 0;
            }

            var embedder = models.Embedder;
            var dimension = embedder.Dimension;
            var vectors = new float[_items.Count * _perImage * dimension];
            embedder.Run(_items.Count * _perImage, vectors);
            var entries = new List<(string, float[], bool)>(_items.Count);
            for (var i = 0; i < _items.Count; i++)
            {
                var embedding = vectors.AsSpan(i * _perImage * dimension, dimension).ToArray();
                if (flip)
                {
                    // FaceNet's flip evaluation: the normalised sum of the image's and its mirror's embeddings (for a
                    // profile that keeps raw vectors, their mean).
                    System.Numerics.Tensors.TensorPrimitives.Add(embedding, vectors.AsSpan((i * 2 + 1) * dimension, dimension), embedding);
                    if (models.Profile.Embedder.Normalize)
                    {
                        Embedding.OnnxFaceEmbedder.Normalize(embedding);
                    }
                    else
                    {
                        System.Numerics.Tensors.TensorPrimitives.Multiply(embedding, 0.5f, embedding);
                    }
                }

                result[_items[i].Path] = embedding;
                entries.Add((_items[i].Path, embedding, _items[i].Fallback));
            }

            cache.Put(entries, cacheProfile, variant);
            var fallbacks = _items.Count(i => i.Fallback);
            _items.Clear();
            return fallbacks;
        }
    }
}
