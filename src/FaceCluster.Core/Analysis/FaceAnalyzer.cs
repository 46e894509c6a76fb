using FaceCluster.Detection;
using FaceCluster.Imaging;

namespace FaceCluster.Analysis;

/// <summary>
/// detect → landmarks → align → embed for one photo at a time, on one thread. Used by <c>embed</c>, <c>search</c> and
/// <c>lfw</c>; the ingest pipeline runs the same steps as separate channel stages.
/// </summary>
public sealed class FaceAnalyzer(FaceModels models)
{
    public IReadOnlyList<AnalyzedFace> Analyze(RgbImage image)
    {
        var minSize = models.Profile.Detector.MinFaceSize;
        var detections = models.Detector.Detect(image)
            .Where(d => Math.Min(d.Box.Width, d.Box.Height) >= minSize)
            .ToList();
        if (detections.Count == 0)
        {
            return [];
        }

        var landmarks = models.Landmarks.DetectMany(image, detections.Select(d => d.Box).ToList());
        var results = new List<AnalyzedFace>(detections.Count);
        var embedder = models.Embedder;
        for (var start = 0; start < detections.Count; start += embedder.Capacity)
        {
            var count = Math.Min(embedder.Capacity, detections.Count - start);
            for (var i = 0; i < count; i++)
            {
                models.Aligner.Align(image, detections[start + i].Box, landmarks[start + i], embedder.InputSlot(i));
            }

            var vectors = new float[count * embedder.Dimension];
            embedder.Run(count, vectors);
            for (var i = 0; i < count; i++)
            {
                var d = detections[start + i];
                results.Add(new AnalyzedFace(d.Box, d.Score, landmarks[start + i], vectors.AsSpan(i * embedder.Dimension, embedder.Dimension).ToArray()));
            }
        }

        return results;
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
}
