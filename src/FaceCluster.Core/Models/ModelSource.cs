namespace FaceCluster.Models;

/// <summary>An unpacked, checksum-verified npm package's model folder and the SHA-256 of the tarball it came from.</summary>
public sealed record ModelSource(string Directory, string Sha256);
