namespace FaceCluster.Models;

/// <summary>The outcome of verifying one model file.</summary>
public sealed record ModelCheck(string Profile, string Role, string Path, bool Ok, string Message, string? Sha256);
