namespace FaceCluster.Grouping;

/// <summary>What one <c>group</c> run did; <see cref="Mode"/> is "full" or "incremental (N faces placed)".</summary>
public sealed record GroupSummary(
    string Profile,
    int Faces,
    int People,
    int NewPeople,
    int Unassigned,
    float Threshold,
    string ThresholdSource,
    string IndexAction,
    GroupingStatistics Statistics,
    double Seconds,
    string Mode = "full");
