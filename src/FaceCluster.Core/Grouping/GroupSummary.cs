namespace FaceCluster.Grouping;

/// <summary>What one <c>group</c> run did.</summary>
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
    double Seconds);
