namespace FaceCluster.Storage;

/// <summary>A live person as the review shows it, with a few of its face ids for thumbnails.</summary>
public sealed record ReviewPerson(long Id, string? Name, int FaceCount, bool Hidden, IReadOnlyList<long> SampleFaces);
