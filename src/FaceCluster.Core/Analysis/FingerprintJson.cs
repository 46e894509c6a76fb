using System.Text.Json.Serialization;
using FaceCluster.Configuration;

namespace FaceCluster.Analysis;

/// <summary>What a single-embedder profile's fingerprint hashes: its detector and embedder settings.</summary>
internal sealed record SingleProfileShape(DetectorProfile Detector, EmbedderProfile Embedder);

/// <summary>What a fused profile's fingerprint hashes: its detector and every part with its weight.</summary>
internal sealed record FusedProfileShape(DetectorProfile Detector, IReadOnlyList<ResolvedEmbedder> Embedders);

/// <summary>
/// The fingerprint's JSON, generated at build time with the serializer's default options: the same bytes the
/// reflection-based serializer wrote for the same two shapes, so fingerprints stored in libraries stay valid.
/// </summary>
[JsonSerializable(typeof(SingleProfileShape))]
[JsonSerializable(typeof(FusedProfileShape))]
internal sealed partial class FingerprintJson : JsonSerializerContext;
