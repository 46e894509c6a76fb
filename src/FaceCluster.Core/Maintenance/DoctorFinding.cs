namespace FaceCluster.Maintenance;

/// <summary>One problem <c>doctor</c> found, and whether <c>--fix</c> repaired it.</summary>
public sealed record DoctorFinding(string Check, string Problem, bool Fixed);
