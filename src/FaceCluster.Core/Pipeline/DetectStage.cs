using System.Threading.Channels;
using FaceCluster.Detection;

namespace FaceCluster.Pipeline;

/// <summary>Finds faces in each decoded photo; faces smaller than the profile's minimum are dropped here.</summary>
public sealed class DetectStage(IFaceDetector detector, int minFaceSize, string profile, StageClock clock)
{
    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, 1, work => clock.Time("detect", () => Detect(work)), cancellationToken);

    private PhotoWork Detect(PhotoWork work)
    {
        try
        {
            var faces = detector.Detect(work.Image!).Where(d => Math.Min(d.Box.Width, d.Box.Height) >= minFaceSize).ToList();
            return work with { Detections = faces };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One photo the detector chokes on must not stop the night: record it and go on.
            return Outcomes.Failed(work, profile, $"face detection failed: {ex.Message}");
        }
    }
}
