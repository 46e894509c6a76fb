namespace FaceCluster.Storage;

/// <summary>One page of a longer list, and how long the whole list is.</summary>
public sealed record ReviewPage<T>(IReadOnlyList<T> Items, int Total);
