using FaceCluster.Detection;
using FaceCluster.Imaging;

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
    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image)
    {
        var faces = Align(image, Detect(image));
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

    /// <summary>
    /// The faces in <paramref name="image"/>, highest score first, without those smaller than the profile's MinFaceSize.
    /// With the profile's RotationRetry on, a photo whose most confident face scores below RotationRetryBelowScore (or
    /// that has none) is also looked at turned a quarter, a half and three quarters clockwise, and the turn whose most
    /// confident face scores highest wins, boxes mapped back to the photo's frame: SSD finds some faces sideways, but
    /// less surely than upright. A turn replaces faces found as the photo is only with a face scoring at least
    /// RotationRetryWinScore, since a weak upright face also scores a little in some turned copies.
    /// </summary>
    public IReadOnlyList<FaceDetection> Detect(RgbImage image)
    {
        var faces = DetectUpright(image);
        var detector = models.Profile.Detector;
        if (upright || !detector.RotationRetry || BestScore(faces) >= detector.RotationRetryBelowScore)
        {
            return faces;
        }

        var best = (Turns: 0, Faces: faces);
        var mustReach = faces.Count == 0 ? 0 : detector.RotationRetryWinScore;
        foreach (var turns in RetryTurns)
        {
            var found = DetectUpright(QuarterTurns.Turn(image, turns));
            if (BestScore(found) > BestScore(best.Faces) && BestScore(found) >= mustReach)
            {
                best = (turns, found);
            }
        }

        return best.Turns == 0
            ? best.Faces
            : best.Faces.Select(f => f with
            {
                Box = QuarterTurns.FromTurned(f.Box, best.Turns, image.Width, image.Height),
                Landmarks = f.Landmarks is { } points ? QuarterTurns.FromTurned(points, best.Turns, image.Width, image.Height) : null,
                QuarterTurns = best.Turns,
            }).ToList();
    }

    private static float BestScore(List<FaceDetection> faces) => faces.Count == 0 ? 0 : faces.Max(f => f.Score);

    private List<FaceDetection> DetectUpright(RgbImage image)
    {
        var minSize = models.Profile.Detector.MinFaceSize;
        return _detector.Detect(image).Where(d => Math.Min(d.Box.Width, d.Box.Height) >= minSize).ToList();
    }

    /// <summary>
    /// Landmarks for every face in one batched run, each face aligned into a pooled embedder input, and its quality: the
    /// detection score, discounted for faces smaller than the model input (they carry less detail than the recogniser
    /// was trained on). The caller releases the faces.
    /// </summary>
    public IReadOnlyList<AlignedFace> Align(RgbImage image, IReadOnlyList<FaceDetection> faces)
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

        var frame = turns == 0 ? image : QuarterTurns.Turn(image, turns);
        var boxes = faces.Select(d => QuarterTurns.ToTurned(d.Box, turns, image.Width, image.Height)).ToList();
        var landmarks = models.Landmarks.DetectMany(frame, boxes);
        var aligner = models.Aligner;
        var aligned = new List<AlignedFace>(faces.Count);
        try
        {
            for (var i = 0; i < faces.Count; i++)
            {
                var shorterSide = Math.Min(faces[i].Box.Width, faces[i].Box.Height);
                var quality = faces[i].Score * Math.Clamp(shorterSide / aligner.Size, 0f, 1f);
                var face = AlignedFace.Rent(faces[i], QuarterTurns.FromTurned(landmarks[i], turns, image.Width, image.Height), quality, models.Embedder.InputLength);
                aligned.Add(face);
                aligner.Align(frame, boxes[i], landmarks[i], face.Input);
            }

            return aligned;
        }
        catch
        {
            Release(aligned);
            throw;
        }
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
