using FaceCluster.Configuration;
using FaceCluster.Imaging;

namespace FaceCluster.Alignment;

/// <summary>The pixel format of a model input: size, layout, channel order and normalisation.</summary>
public sealed record InputFormat(int Size, TensorLayout Layout, bool Bgr, ChannelNormalization Normalization)
{
    public int Length => 3 * Size * Size;

    public static InputFormat From(EmbedderProfile profile, string owner) =>
        new(profile.InputSize, profile.Layout, profile.ColorOrder == ColorOrder.Bgr, profile.Normalization.ToNormalization(owner));
}
