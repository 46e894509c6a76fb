using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>
/// The one detect → align → embed core (shaped like insightface's FaceAnalysis): a profile's models loaded once, and
/// each step with its rules in one place. <c>embed</c> and <c>search</c> call <see cref="Analyze"/>; the LFW embedder
/// adds its centre-face rules on top of the steps; the ingest pipeline runs each step as its own channel stage.
/// </summary>
/// <remarks>
/// Each step uses models no other step uses (<see cref="Detect"/> the detector, <see cref="Align"/> the landmark net
/// and aligner, <see cref="Embed"/> the embedder), so different steps may run at once on different threads; each step
/// one call at a time.
/// </remarks>
/// <param name="upright">Photos known to be upright (LFW): never look at turned copies.</param>
/// <param name="detector">A detector of the profile to use instead of the models' own, so several analyzers can detect at once.</param>
public sealed class FaceAnalyzer(FaceModels models, bool upright = false, IFaceDetector? detector = null)
{
    private readonly IFaceDetector _detector = detector ?? models.Detector;

    /// <summary>The turns looked at when the photo as it is shows no sure face.</summary>
    private static readonly int[] RetryTurns = [1, 2, 3];

    public FaceModels Models => models;

    /// <summary>How many faces one embedder run takes: callers that gather faces across photos fill batches this size.</summary>
    public int BatchCapacity => models.Embedder.Capacity;

    /// <summary>All steps for one photo: its faces, highest detection score first.</summary>
    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image) => Analyze(DecodedPhoto.Whole(image));

    /// <summary>All steps for one decoded (perhaps reduced) photo, as the ingest pipeline runs them: its faces, highest detection score first.</summary>
    public IReadOnlyList<AnalyzedFace> Analyze(DecodedPhoto photo)
    {
        var faces = Align(photo, Detect(photo));
        try
        {
            var vectors = Embed(faces);
            return faces.Select((face, i) => face.WithEmbedding(vectors[i])).ToList();
        }
        finally
        {
            Release(faces);
        }
    }

    /// <summary>The faces in <paramref name="image"/>, as <see cref="Detect(DecodedPhoto)"/> finds them.</summary>
    public IReadOnlyList<FaceDetection> Detect(RgbImage image) => Detect(DecodedPhoto.Whole(image));

    /// <summary>
    /// The faces in <paramref name="photo"/>, found in its decoded (perhaps reduced) image, with boxes in its full-size
    /// frame, highest score first, without those smaller than the profile's MinFaceSize at full size. With the
    /// profile's RotationRetry on, a photo whose most confident face scores below RotationRetryBelowScore (or that has
    /// none) is also looked at turned a quarter, a half and three quarters clockwise, and the turn whose most confident
    /// face scores highest wins, boxes mapped back to the photo's frame: SSD finds some faces sideways, but less surely
    /// than upright. A turn replaces faces found as the photo is only with a face scoring at least
    /// RotationRetryWinScore, since a weak upright face also scores a little in some turned copies.
    /// </summary>
    public IReadOnlyList<FaceDetection> Detect(DecodedPhoto photo)
    {
        var faces = DetectIn(FaceFrame.Of(photo, 0));
        var detector = models.Profile.Detector;
        if (upright || !detector.RotationRetry || BestScore(faces) >= detector.RotationRetryBelowScore)
        {
            return faces;
        }

        var best = faces;
        var mustReach = faces.Count == 0 ? 0 : detector.RotationRetryWinScore;
        foreach (var turns in RetryTurns)
        {
            var turned = FaceFrame.Of(photo, turns);
            var found = DetectIn(turned);
            turned.Release();
            if (BestScore(found) > BestScore(best) && BestScore(found) >= mustReach)
            {
                best = found;
            }
        }

        return best;
    }

    private static float BestScore(List<FaceDetection> faces) => faces.Count == 0 ? 0 : faces.Max(f => f.Score);

    private List<FaceDetection> DetectIn(FaceFrame frame)
    {
        var minSize = models.Profile.Detector.MinFaceSize;
        return _detector.Detect(frame.Image)
            .Select(d => d with
            {
                Box = frame.FromFrame(d.Box),
                Landmarks = d.Landmarks is { } points ? frame.FromFrame(points) : null,
                QuarterTurns = frame.Turns,
            })
            .Where(d => Math.Min(d.Box.Width, d.Box.Height) >= minSize)
            .ToList();
    }

    /// <summary>Aligns the faces of a photo decoded at full size, as <see cref="Align(DecodedPhoto, IReadOnlyList{FaceDetection})"/>.</summary>
    public IReadOnlyList<AlignedFace> Align(RgbImage image, IReadOnlyList<FaceDetection> faces) => Align(DecodedPhoto.Whole(image), faces);

    /// <summary>
    /// Landmarks for every face (one batched run per frame), each face aligned into a pooled embedder input, and its
    /// quality: the detection score, discounted for faces smaller than the model input (they carry less detail than the
    /// recogniser was trained on). A face of a reduced photo whose shorter side there is under the embedder's input size
    /// is aligned from a full-size region of the photo around it, the others from the reduced image. Boxes and
    /// landmarks are in the photo's full-size frame. The caller releases the faces.
    /// </summary>
    public IReadOnlyList<AlignedFace> Align(DecodedPhoto photo, IReadOnlyList<FaceDetection> faces)
    {
        if (faces.Count == 0)
        {
            return [];
        }

        // A face found in a turned copy is aligned in that copy, where it is upright; its landmarks come back to the
        // photo's frame with its box.
        var turns = faces[0].QuarterTurns;
        if (faces.Any(f => f.QuarterTurns != turns))
        {
            throw new ArgumentException("faces of one photo are found at one turn", nameof(faces));
        }

        var frames = FramesFor(photo, faces, turns, models.Aligner.Size);
        try
        {
            return AlignIn(frames, faces);
        }
        finally
        {
            foreach (var frame in frames.Distinct())
            {
                frame.Release();
            }
        }
    }

    private List<AlignedFace> AlignIn(FaceFrame[] frames, IReadOnlyList<FaceDetection> faces)
    {
        var aligner = models.Aligner;
        var boxes = faces.Select((d, i) => frames[i].ToFrame(d.Box)).ToArray();
        var landmarks = new FaceLandmarks[faces.Count];
        foreach (var group in Enumerable.Range(0, faces.Count).GroupBy(i => frames[i]))
        {
            var found = models.Landmarks.DetectMany(group.Key.Image, [.. group.Select(i => boxes[i])]);
            foreach (var (i, points) in group.Zip(found))
            {
                landmarks[i] = points;
            }
        }

        var aligned = new List<AlignedFace>(faces.Count);
        try
        {
            for (var i = 0; i < faces.Count; i++)
            {
                var shorterSide = Math.Min(faces[i].Box.Width, faces[i].Box.Height);
                var quality = faces[i].Score * Math.Clamp(shorterSide / aligner.Size, 0f, 1f);
                var face = AlignedFace.Rent(faces[i], frames[i].FromFrame(landmarks[i]), quality, models.Embedder.InputLength);
                aligned.Add(face);
                aligner.Align(frames[i].Image, boxes[i], landmarks[i], face.Input);
            }

            return aligned;
        }
        catch
        {
            Release(aligned);
            throw;
        }
    }

    /// <summary>
    /// The frame each face is aligned in: the photo's decoded image, or, for a face with fewer than
    /// <paramref name="minSide"/> pixels across there, finer pixels: the whole photo at the coarsest finer scale (1/2,
    /// 1/4) where every such face has them, else a full-size region around each, wide enough for any aligner's crop.
    /// </summary>
    private static FaceFrame[] FramesFor(DecodedPhoto photo, IReadOnlyList<FaceDetection> faces, int turns, int minSide)
    {
        float ShorterSideAt(int i, float scale) => Math.Min(faces[i].Box.Width, faces[i].Box.Height) / scale;
        var small = Enumerable.Range(0, faces.Count)
            .Where(i => photo.IsReduced && Math.Min(faces[i].Box.Width / photo.ScaleX, faces[i].Box.Height / photo.ScaleY) < minSide)
            .ToList();
        var frames = new FaceFrame[faces.Count];
        if (small.Count < faces.Count)
        {
            var whole = FaceFrame.Of(photo, turns);
            Array.Fill(frames, whole);
        }

        if (small.Count == 0)
        {
            return frames;
        }

        var divisor = photo.ReducedBy / 2;
        while (divisor > 1 && small.Any(i => ShorterSideAt(i, divisor) < minSide))
        {
            divisor /= 2;
        }

        if (divisor > 1)
        {
            var finer = photo.DecodeAt(divisor);
            var frame = new FaceFrame(finer, turns, 0, 0, (float)photo.Width / finer.Width, (float)photo.Height / finer.Height, ownsSource: true);
            small.ForEach(i => frames[i] = frame);
            return frames;
        }

        var regions = small.Select(i => RegionAround(faces[i].Box, photo.Width, photo.Height)).ToList();
        var crops = photo.DecodeRegions(regions);
        for (var k = 0; k < small.Count; k++)
        {
            frames[small[k]] = new FaceFrame(crops[k], turns, regions[k].X, regions[k].Y, 1, 1, ownsSource: true);
        }

        return frames;
    }

    /// <summary>The box grown by its longer side on every side, within the photo: room for the aligner's padded, turned crop.</summary>
    private static PixelRect RegionAround(FaceBox box, int width, int height)
    {
        var margin = Math.Max(box.Width, box.Height);
        var left = Math.Clamp((int)Math.Floor(box.X - margin), 0, width - 1);
        var top = Math.Clamp((int)Math.Floor(box.Y - margin), 0, height - 1);
        var right = Math.Clamp((int)Math.Ceiling(box.Right + margin), left + 1, width);
        var bottom = Math.Clamp((int)Math.Ceiling(box.Bottom + margin), top + 1, height);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    /// <summary>One embedding per face (unit length unless the profile keeps raw vectors; fused when the profile names several embedders), run in batches of <see cref="BatchCapacity"/>.</summary>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<AlignedFace> faces)
    {
        var embedder = models.Embedder;
        var vectors = new float[faces.Count][];
        var batch = new float[Math.Min(faces.Count, embedder.Capacity) * embedder.Dimension];
        for (var start = 0; start < faces.Count; start += embedder.Capacity)
        {
            var count = Math.Min(embedder.Capacity, faces.Count - start);
            for (var i = 0; i < count; i++)
            {
                embedder.Load(i, faces[start + i].Input);
            }

            embedder.Run(count, batch);
            for (var i = 0; i < count; i++)
            {
                vectors[start + i] = batch.AsSpan(i * embedder.Dimension, embedder.Dimension).ToArray();
            }
        }

        return vectors;
    }

    /// <summary>Embeds an image that already is the aligned model input (resized to each embedder's input size, no detection).</summary>
    public float[] EmbedAligned(RgbImage image)
    {
        var embedder = models.Embedder;
        var input = new float[embedder.InputLength];
        embedder.PackAligned(image, input);
        embedder.Load(0, input);
        var vector = new float[embedder.Dimension];
        embedder.Run(1, vector);
        return vector;
    }

    public static void Release(IEnumerable<AlignedFace> faces)
    {
        foreach (var face in faces)
        {
            face.Release();
        }
    }
}
