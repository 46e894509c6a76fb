using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>The result of an ingest run, as stored in the runs table.</summary>
public sealed record IngestSummary(RunRecord Run, int Pruned)
{
    public bool Cancelled => Run.Status == "cancelled";
}
