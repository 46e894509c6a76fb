using FaceCluster.Imaging;

namespace FaceCluster.Configuration;

/// <summary>
/// How pixels become model input: either <c>Mean</c>/<c>Std</c> per RGB channel, or one <c>Scale</c>/<c>Offset</c>
/// (<c>x * Scale + Offset</c>). Exactly one form must be given.
/// </summary>
public sealed class NormalizationSettings
{
    public float[]? Mean { get; set; }

    public float[]? Std { get; set; }

    public float? Scale { get; set; }

    public float? Offset { get; set; }

    public ChannelNormalization ToNormalization(string owner)
    {
        var meanStd = Mean is not null || Std is not null;
        var scaleOffset = Scale is not null || Offset is not null;
        if (meanStd == scaleOffset)
        {
            throw new ConfigurationException($"{owner}.Normalization: give either Mean and Std, or Scale and Offset.");
        }

        if (scaleOffset)
        {
            return ChannelNormalization.ScaleOffset(Scale ?? 1f, Offset ?? 0f);
        }

        if (Mean is not { Length: 3 } || Std is not { Length: 3 })
        {
            throw new ConfigurationException($"{owner}.Normalization: Mean and Std need three values each (R, G, B).");
        }

        return ChannelNormalization.MeanStd(Mean, Std);
    }
}
