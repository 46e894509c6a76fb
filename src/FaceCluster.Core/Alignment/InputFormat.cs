using FaceCluster.Configuration;
using FaceCluster.Imaging;

namespace FaceCluster.Alignment;

/// <summary>The pixel format of a model input: size, layout, channel order and normalisation.</summary>
public sealed record InputFormat(int Size, TensorLayout Layout, bool Bgr, ChannelNormalization Normalization)
{
    public int Length => 3 * Size * Size;

    /// <summary>Packs an image region as tfjs does (centre-padded square, bilinear resize) in this format.</summary>
    public void PackCentred(RgbImage image, PixelRect crop, Span<float> destination) =>
        TfResizePacker.Pack(image, crop, Size, SquarePadding.Centered, Normalization, Layout, Bgr, destination);

    public static InputFormat From(EmbedderProfile profile, string owner) =>
        new(profile.InputSize, profile.Layout, profile.ColorOrder == ColorOrder.Bgr, profile.Normalization.ToNormalization(owner));
}
