using System.Threading.Channels;
using FaceCluster.Analysis;

namespace FaceCluster.Pipeline;

/// <summary>
/// One step of the <see cref="FaceAnalyzer"/> as a pipeline stage on its own worker, so detection and alignment run
/// concurrently on different photos. A photo the step throws on is recorded as failed with the error: one photo the
/// models choke on must not stop the night.
/// </summary>
public sealed class AnalysisStage
{
    private readonly string _name;
    private readonly string _failure;
    private readonly string _profile;
    private readonly StageClock _clock;
    private readonly Func<PhotoWork, PhotoWork> _step;

    private AnalysisStage(string name, string failure, string profile, StageClock clock, Func<PhotoWork, PhotoWork> step)
    {
        _name = name;
        _failure = failure;
        _profile = profile;
        _clock = clock;
        _step = step;
    }

    /// <summary>Finds the faces of each decoded photo.</summary>
    public static AnalysisStage Detect(FaceAnalyzer analyzer, string profile, StageClock clock) =>
        new("detect", "face detection failed", profile, clock, work => work with { Detections = analyzer.Detect(work.Image!) });

    /// <summary>
    /// Landmarks, aligned input and quality for every face of a photo. The decoded photo is released here: later stages
    /// carry only the small aligned tensors.
    /// </summary>
    public static AnalysisStage Align(FaceAnalyzer analyzer, string profile, StageClock clock) =>
        new("align", "landmarks/alignment failed", profile, clock, work => work with { Image = null, Faces = analyzer.Align(work.Image!, work.Detections!) });

    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, 1, work => _clock.Time(_name, () => Run(work)), cancellationToken);

    private PhotoWork Run(PhotoWork work)
    {
        try
        {
            return _step(work);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Outcomes.Failed(work, _profile, $"{_failure}: {ex.Message}");
        }
    }
}
