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
    private readonly int _workers;

    private AnalysisStage(string name, string failure, string profile, StageClock clock, Func<PhotoWork, PhotoWork> step, int workers = 1)
    {
        _name = name;
        _failure = failure;
        _profile = profile;
        _clock = clock;
        _step = step;
        _workers = workers;
    }

    /// <summary>
    /// Finds the faces of each decoded photo on <paramref name="workers"/> workers, each taking whichever analyzer (each
    /// with a detector of its own) is free: <paramref name="first"/> from the start, <paramref name="more"/> as soon as
    /// their sessions are loaded, so the first photos do not wait for every session.
    /// </summary>
    public static AnalysisStage Detect(FaceAnalyzer first, Task<IReadOnlyList<FaceAnalyzer>> more, int workers, string profile, StageClock clock)
    {
        var free = new System.Collections.Concurrent.BlockingCollection<FaceAnalyzer> { first };
        more.ContinueWith(
            loaded => loaded.Result.ToList().ForEach(free.Add),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return new("detect", "face detection failed", profile, clock, work =>
        {
            // Never waits for long: a worker that finds none free gets the first back when its photo is done.
            var analyzer = free.Take();
            try
            {
                return work with { Detections = analyzer.Detect(work.Photo!) };
            }
            finally
            {
                free.Add(analyzer);
            }
        }, workers);
    }

    /// <summary>
    /// Landmarks, aligned input and quality for every face of a photo (full-size regions decoded here for faces too small
    /// in a reduced photo). The decoded photo is released here: later stages carry only the small aligned tensors.
    /// </summary>
    public static AnalysisStage Align(FaceAnalyzer analyzer, string profile, StageClock clock) =>
        new("align", "landmarks/alignment failed", profile, clock, work =>
        {
            try
            {
                return work with { Photo = null, Faces = analyzer.Align(work.Photo!, work.Detections!) };
            }
            finally
            {
                work.Photo!.Image.Release();
            }
        });

    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, _workers, work => _clock.Time(_name, () => Run(work)), cancellationToken);

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
