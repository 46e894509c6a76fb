using System.Buffers;
using System.Threading.Channels;
using FaceCluster.Alignment;
using FaceCluster.Landmarks;

namespace FaceCluster.Pipeline;

/// <summary>
/// Predicts 68 landmarks for every face of a photo in one batched call, then aligns each face into a pooled input
/// buffer. The decoded photo is released here: later stages carry only the small aligned tensors.
/// </summary>
public sealed class AlignStage(FaceLandmark68Detector landmarks, IFaceAligner aligner, string profile, StageClock clock)
{
    private readonly int _inputLength = 3 * aligner.Size * aligner.Size;

    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, 1, work => clock.Time("align", () => Align(work)), cancellationToken);

    /// <summary>
    /// A rough usefulness score in 0..1: detection confidence, discounted for faces smaller than the model input
    /// (they carry less detail than the recogniser was trained on).
    /// </summary>
    public static float Quality(float score, float shorterSide, int inputSize) => score * Math.Clamp(shorterSide / inputSize, 0f, 1f);

    private PhotoWork Align(PhotoWork work)
    {
        var image = work.Image!;
        var detections = work.Detections!;
        var faces = new List<AlignedFace>(detections.Count);
        try
        {
            if (detections.Count > 0)
            {
                var points = landmarks.DetectMany(image, detections.Select(d => d.Box).ToList());
                for (var i = 0; i < detections.Count; i++)
                {
                    var buffer = ArrayPool<float>.Shared.Rent(_inputLength);
                    var face = new AlignedFace(detections[i], points[i],
                        Quality(detections[i].Score, Math.Min(detections[i].Box.Width, detections[i].Box.Height), aligner.Size), buffer, _inputLength);
                    faces.Add(face);
                    aligner.Align(image, detections[i].Box, points[i], buffer.AsSpan(0, _inputLength));
                }
            }

            return work with { Image = null, Faces = faces };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            faces.ForEach(f => f.Release());
            return Outcomes.Failed(work, profile, $"landmarks/alignment failed: {ex.Message}");
        }
    }
}
