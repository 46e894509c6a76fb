namespace FaceCluster.Lfw;

/// <summary>One unit-length embedding per benchmark image, and how many images needed the centre-crop fallback.</summary>
public sealed record LfwEmbeddings(IReadOnlyDictionary<string, float[]> ByPath, int Fallbacks, int FromCache, double Seconds);
