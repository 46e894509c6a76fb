namespace FaceCluster.Imaging;

/// <summary>
/// What a reduced photo is asked for after detection: full-size crops of <see cref="Regions"/> (<see cref="Divisor"/>
/// 1), or the whole photo at 1/<see cref="Divisor"/> scale, finer than its reduced image (no regions).
/// </summary>
public sealed record FinerPixels(int Divisor, IReadOnlyList<PixelRect> Regions);
