namespace FaceCluster.Grouping;

/// <summary>What the quality gate reads of a face: its detection score and the shorter side of its box in pixels.</summary>
public readonly record struct FaceQuality(float Score, float Side);
