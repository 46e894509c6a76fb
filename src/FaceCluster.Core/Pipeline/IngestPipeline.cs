using System.Reflection;
using System.Threading.Channels;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Scanning;
using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>
/// scan → decode → detect → align → embed → store over bounded channels (FullMode = Wait, so a slow stage holds the
/// ones before it back). Completion and errors flow downstream through the channels; a faulting stage cancels the rest
/// through one linked token, so no producer stays blocked on a full channel.
/// </summary>
public sealed class IngestPipeline(IFaceStore store, FaceModels models, IngestOptions options, Action<string>? warn = null)
{
    public IngestCounters Counters { get; } = new();

    public StageClock Clock { get; } = new();

    public static string Version { get; } =
        typeof(IngestPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";

    public async Task<IngestSummary> RunAsync(IReadOnlyList<string> roots, bool prune, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var profile = models.ProfileName;
        var started = DateTimeOffset.UtcNow;
        var runId = store.BeginRun(new RunRecord { Kind = "ingest", StartedAt = started, Version = Version, Profile = profile });
        var fullRoots = roots.Select(Path.GetFullPath).ToList();
        var analyzer = new FaceAnalyzer(models);
        // The other detect workers' sessions load while the first photos are scanned, decoded and detected with the first.
        using var extraDetectors = new ExtraDetectors(() => LoadDetectors(options.DetectWorkers - 1));
        var index = store.LoadPhotoIndex();
        var scan = new ScanStage(new PhotoScanner(warn), index, profile, Counters);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;
        var scanned = Bounded(options.ScanCapacity);
        // A shared library: the decoders get what this worker claimed from the queue all workers fill, not its own scan.
        var claim = store is IPhotoQueue queue ? new ClaimStage(queue, index, options, $"{Environment.MachineName}/{Environment.ProcessId}/{runId}") : null;
        using var leases = claim?.KeepLeases();
        var claimed = claim is null ? scanned : Bounded(options.ClaimBatch);
        var decoded = Bounded(options.DecodedCapacity);
        var detected = Bounded(options.DetectedCapacity);
        var aligned = Bounded(options.AlignedCapacity);
        var embedded = Bounded(options.StoreCapacity);

        Task[] stages =
        [
            Watch(scan.RunAsync(fullRoots, scanned.Writer, token), linked),
            claim is null ? Task.CompletedTask : Watch(claim.RunAsync(scanned.Reader, claimed.Writer, token), linked),
            Watch(new DecodeStage(new PhotoDecoder(options.Limits), options.ReducedDecodeSide, profile, options.DecodeWorkers, Clock).RunAsync(claimed.Reader, decoded.Writer, token), linked),
            Watch(AnalysisStage.Detect(analyzer, extraDetectors.Analyzers(models), options.DetectWorkers, profile, Clock).RunAsync(decoded.Reader, detected.Writer, token), linked),
            Watch(AnalysisStage.Align(analyzer, profile, Clock).RunAsync(detected.Reader, aligned.Writer, token), linked),
            Watch(new EmbedStage(analyzer, profile, options.EmbedBatchWait, Clock).RunAsync(aligned.Reader, embedded.Writer, token), linked),
            Watch(new StoreStage(store, runId, options, Counters, Clock).RunAsync(embedded.Reader, token), linked),
        ];

        string status;
        try
        {
            await Task.WhenAll(stages);
            status = "completed";
        }
        catch (Exception first)
        {
            // WhenAll surfaces whichever stage it looks at first, often one that was only cancelled because another
            // faulted: report the real fault (the first of a stage that reports several).
            var fault = stages.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.Flatten().InnerExceptions)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (fault is null && cancellationToken.IsCancellationRequested)
            {
                status = "cancelled";
            }
            else
            {
                store.EndRun(Record(runId, started, "failed", 0));
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fault ?? first);
                throw;
            }
        }

        var missing = 0;
        var pruned = 0;
        if (status == "completed")
        {
            missing = MarkVanished(fullRoots, scan.Seen);
            pruned = prune ? store.PruneMissing() : 0;
        }

        var run = Record(runId, started, status, missing);
        store.EndRun(run);
        return new IngestSummary(run, pruned);
    }

    private RunRecord Record(long runId, DateTimeOffset started, string status, int missing) => new()
    {
        Id = runId,
        Kind = "ingest",
        StartedAt = started,
        EndedAt = DateTimeOffset.UtcNow,
        Status = status,
        Version = Version,
        Profile = models.ProfileName,
        FilesSeen = Counters.Seen,
        FilesNew = Counters.New,
        FilesChanged = Counters.Changed,
        FilesUnchanged = Counters.Unchanged,
        FilesFailed = Counters.Failed,
        FilesMissing = missing,
        FacesAdded = Counters.Faces,
        StageSeconds = Clock.Seconds(),
    };

    /// <summary>Photos under the scanned roots that the complete scan did not see and that are gone from disk.</summary>
    private int MarkVanished(IReadOnlyList<string> roots, HashSet<string> seen)
    {
        var vanished = store.LoadPhotoIndex().Values
            .Where(p => p.Status != PhotoStatus.Missing && !seen.Contains(p.Path) && roots.Any(r => IsUnder(p.Path, r)) && !File.Exists(p.Path))
            .Select(p => p.Path)
            .ToList();
        return vanished.Count == 0 ? 0 : store.MarkMissing(vanished);
    }

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static Channel<PhotoWork> Bounded(int capacity) =>
        Channel.CreateBounded<PhotoWork>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait });

    private static async Task Watch(Task stage, CancellationTokenSource linked)
    {
        try
        {
            await stage;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await linked.CancelAsync();
            throw;
        }
    }

    /// <summary>
    /// Sessions for <paramref name="count"/> more detect workers; one that cannot be created leaves the run with fewer
    /// workers and a warning rather than failing it, since the first detector already works.
    /// </summary>
    private List<Detection.IFaceDetector> LoadDetectors(int count)
    {
        var detectors = new List<Detection.IFaceDetector>();
        try
        {
            while (detectors.Count < count)
            {
                detectors.Add(models.LoadDetector());
            }
        }
        catch (Exception ex) when (ex is Models.ModelLoadException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            warn?.Invoke($"detecting with {detectors.Count + 1} of {count + 1} workers: another detector session could not be created: {ex.Message}");
        }

        return detectors;
    }

    /// <summary>The sessions of the detect workers beyond the first, loaded in the background and owned by one run.</summary>
    private sealed class ExtraDetectors(Func<List<Detection.IFaceDetector>> load) : IDisposable
    {
        private readonly Task<List<Detection.IFaceDetector>> _loading = Task.Run(load);

        public Task<IReadOnlyList<FaceAnalyzer>> Analyzers(FaceModels models) => _loading.ContinueWith(
            loaded => (IReadOnlyList<FaceAnalyzer>)[.. loaded.Result.Select(d => new FaceAnalyzer(models, detector: d))],
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

        // The stages are done when this runs; the load finished long before unless the run was very short.
        public void Dispose() => _loading.GetAwaiter().GetResult().ForEach(d => d.Dispose());
    }
}
