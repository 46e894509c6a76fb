namespace FaceCluster.Configuration;

/// <summary>One embedder a profile runs, as configured: the profile it comes from, its settings and its fusion weight.</summary>
public sealed record ResolvedEmbedder(string Name, EmbedderProfile Embedder, float Weight);
