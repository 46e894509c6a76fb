namespace FaceCluster.Storage;

/// <summary>Counts and timings of one ingest or group run, stored in the runs table.</summary>
public sealed record RunRecord
{
    public long Id { get; init; }

    public string Kind { get; init; } = "ingest";

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>running, completed, cancelled or failed.</summary>
    public string Status { get; init; } = "running";

    public string Version { get; init; } = "";

    public string Profile { get; init; } = "";

    public int FilesSeen { get; init; }

    public int FilesNew { get; init; }

    public int FilesChanged { get; init; }

    public int FilesUnchanged { get; init; }

    public int FilesFailed { get; init; }

    public int FilesMissing { get; init; }

    public int FacesAdded { get; init; }

    /// <summary>Busy seconds per stage (JSON object), e.g. {"decode": 12.1, "detect": 30.4}.</summary>
    public IReadOnlyDictionary<string, double> StageSeconds { get; init; } = new Dictionary<string, double>();

    public double Seconds => EndedAt is { } end ? (end - StartedAt).TotalSeconds : 0;
}
