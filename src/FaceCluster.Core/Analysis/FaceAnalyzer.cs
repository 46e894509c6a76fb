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
public sealed class FaceAnalyzer(FaceModels models)
{
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

    /// <summary>The faces in <paramref name="image"/>, highest score first, without those smaller than the profile's MinFaceSize.</summary>
    public IReadOnlyList<FaceDetection> Detect(RgbImage image)
    {
        var minSize = models.Profile.Detector.MinFaceSize;
        return models.Detector.Detect(image).Where(d => Math.Min(d.Box.Width, d.Box.Height) >= minSize).ToList();
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

        var landmarks = models.Landmarks.DetectMany(image, faces.Select(d => d.Box).ToList());
        var aligner = models.Aligner;
        var aligned = new List<AlignedFace>(faces.Count);
        try
        {
            for (var i = 0; i < faces.Count; i++)
            {
                var shorterSide = Math.Min(faces[i].Box.Width, faces[i].Box.Height);
                var quality = faces[i].Score * Math.Clamp(shorterSide / aligner.Size, 0f, 1f);
                var face = AlignedFace.Rent(faces[i], landmarks[i], quality, models.Embedder.InputLength);
                aligned.Add(face);
                aligner.Align(image, faces[i].Box, landmarks[i], face.Input);
            }

            return aligned;
        }
        catch
        {
            Release(aligned);
            throw;
        }
    }

    /// <summary>One embedding per face (unit length unless the profile keeps raw vectors), run in batches of <see cref="BatchCapacity"/>.</summary>
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
                faces[start + i].Input.CopyTo(embedder.InputSlot(i));
            }

            embedder.Run(count, batch);
            for (var i = 0; i < count; i++)
            {
                vectors[start + i] = batch.AsSpan(i * embedder.Dimension, embedder.Dimension).ToArray();
            }
        }

        return vectors;
    }

    /// <summary>Embeds an image that already is the aligned model input (resized to the input size, no detection).</summary>
    public float[] EmbedAligned(RgbImage image)
    {
        var embedder = models.Embedder;
        models.EmbedderInput.PackCentred(image, image.Bounds, embedder.InputSlot(0));
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
