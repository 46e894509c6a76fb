namespace FaceCluster.Storage;

/// <summary>A summary of the stored library for <c>facecluster status</c>.</summary>
public sealed record LibraryStatus(int Photos, int PhotosFailed, int PhotosMissing, int Faces, IReadOnlyList<string> Profiles, int SchemaVersion, RunRecord? LastRun);
