namespace FaceCluster.Imaging;

/// <summary>
/// Maps a 0..255 pixel value to a model input. Written as <c>(v - Mean[c]) / Std[c]</c>, evaluated in float32 in that
/// order so that results are bit-identical to frameworks that subtract and then divide; <c>v * Scale + Offset</c> is the
/// special case Mean = -Offset/Scale, Std = 1/Scale, kept separate for the same reason.
/// </summary>
public sealed record ChannelNormalization
{
    // Arrays, not the IReadOnlyList properties, are read per pixel: an interface call per sample costs more than the arithmetic.
    private readonly float[] _mean;
    private readonly float[] _std;

    private ChannelNormalization(float[] mean, float[] std, float scale, float offset, bool useScale)
    {
        _mean = mean;
        _std = std;
        Scale = scale;
        Offset = offset;
        UsesScaleOffset = useScale;
    }

    public IReadOnlyList<float> Mean => _mean;

    public IReadOnlyList<float> Std => _std;

    public float Scale { get; }

    public float Offset { get; }

    public bool UsesScaleOffset { get; }

    public static ChannelNormalization MeanStd(float[] mean, float[] std)
    {
        if (mean.Length != 3 || std.Length != 3 || std.Any(s => s == 0))
        {
            throw new ArgumentException("Normalisation needs three means and three non-zero standard deviations.");
        }

        return new ChannelNormalization(mean, std, 1, 0, useScale: false);
    }

    public static ChannelNormalization ScaleOffset(float scale, float offset) =>
        new([0, 0, 0], [1, 1, 1], scale, offset, useScale: true);

    /// <summary>Normalises channel <paramref name="channel"/>'s value <paramref name="value"/> (0..255, possibly interpolated).</summary>
    public float Apply(float value, int channel) =>
        UsesScaleOffset ? value * Scale + Offset : (value - _mean[channel]) / _std[channel];
}
