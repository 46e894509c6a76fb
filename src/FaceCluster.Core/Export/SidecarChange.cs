namespace FaceCluster.Export;

/// <summary>What writing one photo's sidecar does (or, on a dry run, would do).</summary>
/// <param name="Photo">The photo the sidecar describes.</param>
/// <param name="Sidecar">The sidecar's path.</param>
/// <param name="Names">The names of the photo's named faces, in face order.</param>
/// <param name="Action">"create", "update" or "unchanged"; "skip" when <paramref name="Problem"/> says why not.</param>
public sealed record SidecarChange(string Photo, string Sidecar, IReadOnlyList<string> Names, string Action, string? Problem = null);
