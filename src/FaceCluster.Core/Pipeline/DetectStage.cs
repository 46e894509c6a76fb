using System.Threading.Channels;
using FaceCluster.Analysis;

namespace FaceCluster.Pipeline;

/// <summary>The analyzer's detect step for each decoded photo.</summary>
public sealed class DetectStage(FaceAnalyzer analyzer, string profile, StageClock clock)
{
    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, 1, work => clock.Time("detect", () => Detect(work)), cancellationToken);

    private PhotoWork Detect(PhotoWork work)
    {
        try
        {
            return work with { Detections = analyzer.Detect(work.Image!) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One photo the detector chokes on must not stop the night: record it and go on.
            return Outcomes.Failed(work, profile, $"face detection failed: {ex.Message}");
        }
    }
}
