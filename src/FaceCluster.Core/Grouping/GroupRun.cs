using FaceCluster.Pipeline;
using FaceCluster.Storage;

namespace FaceCluster.Grouping;

/// <summary>
/// One <c>group</c> run as the runs table records it. The run is ended however grouping ends (completed, cancelled or
/// failed), so a library never shows a live-looking run that is gone.
/// </summary>
public static class GroupRun
{
    public static GroupSummary Execute(IFaceStore store, string profile, PeopleGrouping grouping, string thresholdSource, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var runId = store.BeginRun(new RunRecord { Kind = "group", StartedAt = started, Version = IngestPipeline.Version, Profile = profile });
        var status = "failed";
        GroupSummary? summary = null;
        try
        {
            summary = grouping.Run(thresholdSource, cancellationToken);
            status = "completed";
            return summary;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "cancelled";
            throw;
        }
        finally
        {
            var ended = DateTimeOffset.UtcNow;
            store.EndRun(new RunRecord
            {
                Id = runId, Kind = "group", StartedAt = started, EndedAt = ended, Status = status,
                Version = IngestPipeline.Version, Profile = profile, FacesAdded = summary?.Faces ?? 0,
                StageSeconds = new Dictionary<string, double> { ["group"] = Math.Round((ended - started).TotalSeconds, 3) },
            });
        }
    }
}
