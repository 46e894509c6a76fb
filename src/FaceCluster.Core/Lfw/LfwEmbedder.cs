using System.Diagnostics;
using System.Numerics.Tensors;
using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Embedding;
using FaceCluster.Imaging;

namespace FaceCluster.Lfw;

/// <summary>
/// Embeds benchmark images the way validate_on_lfw expects one embedding per image: of the faces the analyzer detects,
/// the one nearest the image centre, aligned and embedded by the same steps as ingest; when no face is found, a centre
/// crop (counted): the analyzer aligns <see cref="CentreBox"/> from the landmarks it finds there. Decoding runs in
/// parallel; detection, landmarks and embedding run on one thread with batched embedding.
/// </summary>
public sealed class LfwEmbedder
{
    private readonly FaceAnalyzer _analyzer;
    private readonly EmbeddingCache _cache;
    private readonly int _decodeWorkers;
    private readonly Func<string, CancellationToken, RgbImage> _decode;

    public LfwEmbedder(FaceModels models, EmbeddingCache cache, int decodeWorkers)
        : this(models, cache, decodeWorkers, (path, _) => PhotoDecoder.Default.Load(path))
    {
    }

    /// <param name="decode">Reads one image; tests wrap it to watch the decoding side.</param>
    internal LfwEmbedder(FaceModels models, EmbeddingCache cache, int decodeWorkers, Func<string, CancellationToken, RgbImage> decode)
    {
        _analyzer = new FaceAnalyzer(models, upright: true);
        _cache = cache;
        _decodeWorkers = decodeWorkers;
        _decode = decode;
    }

    /// <summary>
    /// Where the face is looked for when the detector finds none: the middle 40 % of the width and 47 % of the height
    /// from 28 % down, the median box of the faces the detector does find in LFW (whose images are centred on the face).
    /// Landmarks inside it align the crop; an unaligned centre square cost twice the errors on the 21 images of pairs.txt
    /// the detector misses.
    /// </summary>
    public static FaceBox CentreBox(int width, int height) => new(0.3f * width, 0.28f * height, 0.4f * width, 0.47f * height);

    /// <summary>
    /// One embedding per distinct path (cached ones read back). Returns or throws only once its decoders have stopped:
    /// when embedding fails, the decoders are cancelled, so none stays blocked on the full channel.
    /// </summary>
    public async Task<LfwEmbeddings> EmbedAsync(IReadOnlyList<string> paths, bool flip, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var variant = flip ? "flip" : "plain";
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var fallbacks = 0;
        var missing = new List<string>();
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            if (_cache.Get(path, CacheProfile, variant) is { } hit)
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoded = Channel.CreateBounded<(string Path, RgbImage Image)>(new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.Wait });
        var producer = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = _decodeWorkers, CancellationToken = stop.Token },
                    async (path, ct) => await decoded.Writer.WriteAsync((path, _decode(path, ct)), ct));
                decoded.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                decoded.Writer.TryComplete(ex);
                throw;
            }
        }, stop.Token);

        var batch = new Batch(_analyzer, flip);
        try
        {
            await foreach (var (path, image) in decoded.Reader.ReadAllAsync(cancellationToken))
            {
                batch.Add(path, image);
                if (batch.IsFull)
                {
                    fallbacks += batch.Flush(result, _cache, CacheProfile, variant);
                    progress?.Invoke(result.Count);
                }
            }

            fallbacks += batch.Flush(result, _cache, CacheProfile, variant);
            progress?.Invoke(result.Count);
        }
        catch
        {
            // Nobody reads the channel any more: stop the decoders (blocked on it when it is full) and wait for them, so
            // the embedding error surfaces and no decoding outlives this call.
            await stop.CancelAsync();
            batch.Release();
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await producer;
        return new LfwEmbeddings(result, fallbacks, fromCache, clock.Elapsed.TotalSeconds);
    }

    private string CacheProfile => $"{_analyzer.Models.ProfileName}@{_analyzer.Models.Fingerprint}";

    /// <summary>The detected face whose box centre is nearest the image centre, or null.</summary>
    public static FaceDetection? CentreFace(IReadOnlyList<FaceDetection> faces, int width, int height) =>
        faces.MinBy(f => f.Box.CentreDistanceSquared(width / 2.0, height / 2.0));

    /// <summary>Accumulates aligned faces (and their mirrors with flip) for one embedder run.</summary>
    private sealed class Batch(FaceAnalyzer analyzer, bool flip)
    {
        private readonly List<(string Path, bool Fallback)> _items = [];
        private readonly List<AlignedFace> _faces = [];
        private readonly int _perImage = flip ? 2 : 1;

        public bool IsFull => (_items.Count + 1) * _perImage > analyzer.BatchCapacity;

        public void Add(string path, RgbImage image)
        {
            var centre = CentreFace(analyzer.Detect(image), image.Width, image.Height);
            var face = analyzer.Align(image, [centre ?? new FaceDetection(CentreBox(image.Width, image.Height), 0f)])[0];
            _faces.Add(face);
            if (flip)
            {
                _faces.Add(Mirror(face));
            }

            _items.Add((path, centre is null));
        }

        public int Flush(Dictionary<string, float[]> result, EmbeddingCache cache, string cacheProfile, string variant)
        {
            if (_items.Count == 0)
            {
                return 0;
            }

            var vectors = analyzer.Embed(_faces);
            var entries = new List<(string, float[], bool)>(_items.Count);
            for (var i = 0; i < _items.Count; i++)
            {
                var embedding = vectors[i * _perImage];
                if (flip)
                {
                    // FaceNet's flip evaluation: the normalised sum of the image's and its mirror's embeddings (for a
                    // profile that keeps raw vectors, their mean).
                    TensorPrimitives.Add(embedding, vectors[i * 2 + 1], embedding);
                    if (analyzer.Models.Embedder.Normalizes)
                    {
                        OnnxFaceEmbedder.Normalize(embedding);
                    }
                    else
                    {
                        TensorPrimitives.Multiply(embedding, 0.5f, embedding);
                    }
                }

                result[_items[i].Path] = embedding;
                entries.Add((_items[i].Path, embedding, _items[i].Fallback));
            }

            cache.Put(entries, cacheProfile, variant);
            var fallbacks = _items.Count(i => i.Fallback);
            _items.Clear();
            Release();
            return fallbacks;
        }

        public void Release()
        {
            FaceAnalyzer.Release(_faces);
            _faces.Clear();
        }

        /// <summary>The face's input mirrored left to right, as another face to embed.</summary>
        private AlignedFace Mirror(AlignedFace face)
        {
            var mirrored = AlignedFace.Rent(face.Detection, face.Landmarks, face.Quality, face.Input.Length);
            face.Input.CopyTo(mirrored.Input);
            foreach (var part in analyzer.Models.Embedder.Parts)
            {
                TensorMirror.Horizontal(mirrored.Input.Slice(part.InputOffset, part.InputLength), part.Input.Size, part.Input.Layout);
            }
            return mirrored;
        }
    }
}
