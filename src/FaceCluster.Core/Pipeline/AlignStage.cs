using System.Threading.Channels;
using FaceCluster.Analysis;

namespace FaceCluster.Pipeline;

/// <summary>
/// The analyzer's align step (landmarks, aligned input, quality) for every face of a photo. The decoded photo is
/// released here: later stages carry only the small aligned tensors.
/// </summary>
public sealed class AlignStage(FaceAnalyzer analyzer, string profile, StageClock clock)
{
    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, 1, work => clock.Time("align", () => Align(work)), cancellationToken);

    private PhotoWork Align(PhotoWork work)
    {
        try
        {
            return work with { Image = null, Faces = analyzer.Align(work.Image!, work.Detections!) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Outcomes.Failed(work, profile, $"landmarks/alignment failed: {ex.Message}");
        }
    }
}
