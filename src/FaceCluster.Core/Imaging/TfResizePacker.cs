namespace FaceCluster.Imaging;

/// <summary>
/// Packs an image region into a model input the way TensorFlow.js does for face-api.js: crop, zero-pad to a square
/// (<see cref="SquarePadding"/>), <c>tf.image.resizeBilinear</c> with alignCorners = halfPixelCenters = false, then
/// normalise. Interpolation is done in float32 in tfjs's order so outputs match the reference bit for bit where possible.
/// Writes into a caller-owned span: the hot path allocates nothing per face.
/// </summary>
public static class TfResizePacker
{
    public static void Pack(
        RgbImage image,
        PixelRect crop,
        int size,
        SquarePadding padding,
        ChannelNormalization normalization,
        TensorLayout layout,
        bool bgr,
        Span<float> destination)
    {
        if (crop.Width <= 0 || crop.Height <= 0 || crop.X < 0 || crop.Y < 0 || crop.Right > image.Width || crop.Bottom > image.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(crop), $"Crop {crop} is empty or outside the {image.Width}x{image.Height} image.");
        }

        if (destination.Length < 3 * size * size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats, {3 * size * size} needed.", nameof(destination));
        }

        var side = Math.Max(crop.Width, crop.Height);
        var diff = side - Math.Min(crop.Width, crop.Height);
        // face-api: append = round(diff * (centered ? 0.5 : 1)) with JavaScript's round-half-up, prepend the rest.
        var append = padding == SquarePadding.Centered ? (int)Math.Floor(diff * 0.5 + 0.5) : diff;
        var prepend = diff - append;
        PackPlaced(image, crop, side, crop.Width < side ? prepend : 0, crop.Height < side ? prepend : 0, size, normalization, layout, bgr, destination);
    }

    /// <summary>
    /// Packs the whole image placed at (<paramref name="offsetX"/>, <paramref name="offsetY"/>) on a black square canvas
    /// of side <paramref name="side"/>: a zoomed-out view in which faces that fill the photo become small.
    /// </summary>
    public static void PackOnCanvas(RgbImage image, int side, int offsetX, int offsetY, int size, ChannelNormalization normalization, Span<float> destination)
    {
        if (side < Math.Max(image.Width + offsetX, image.Height + offsetY) || offsetX < 0 || offsetY < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(side), "The canvas must contain the placed image.");
        }

        PackPlaced(image, image.Bounds, side, offsetX, offsetY, size, normalization, TensorLayout.Nchw, false, destination);
    }

    private static void PackPlaced(
        RgbImage image,
        PixelRect crop,
        int side,
        int offsetX,
        int offsetY,
        int size,
        ChannelNormalization normalization,
        TensorLayout layout,
        bool bgr,
        Span<float> destination)
    {
        var scale = (float)side / size;
        var pixels = image.Pixels;
        var stride = image.Width * 3;
        var plane = size * size;

        for (var oy = 0; oy < size; oy++)
        {
            var sy = oy * scale;
            var y0 = (int)MathF.Floor(sy);
            var y1 = Math.Min(side - 1, (int)MathF.Ceiling(sy));
            var fy = sy - y0;
            for (var ox = 0; ox < size; ox++)
            {
                var sx = ox * scale;
                var x0 = (int)MathF.Floor(sx);
                var x1 = Math.Min(side - 1, (int)MathF.Ceiling(sx));
                var fx = sx - x0;
                for (var c = 0; c < 3; c++)
                {
                    var tl = Sample(pixels, stride, crop, offsetX, offsetY, x0, y0, c);
                    var tr = Sample(pixels, stride, crop, offsetX, offsetY, x1, y0, c);
                    var bl = Sample(pixels, stride, crop, offsetX, offsetY, x0, y1, c);
                    var br = Sample(pixels, stride, crop, offsetX, offsetY, x1, y1, c);
                    var top = tl + (tr - tl) * fx;
                    var bottom = bl + (br - bl) * fx;
                    var value = normalization.Apply(top + (bottom - top) * fy, c);
                    var outChannel = bgr ? 2 - c : c;
                    var index = layout == TensorLayout.Nchw
                        ? outChannel * plane + oy * size + ox
                        : (oy * size + ox) * 3 + outChannel;
                    destination[index] = value;
                }
            }
        }
    }

    private static float Sample(ReadOnlySpan<byte> pixels, int stride, PixelRect crop, int offsetX, int offsetY, int x, int y, int channel)
    {
        var cx = x - offsetX;
        var cy = y - offsetY;
        if (cx < 0 || cy < 0 || cx >= crop.Width || cy >= crop.Height)
        {
            return 0f;
        }

        return pixels[(crop.Y + cy) * stride + (crop.X + cx) * 3 + channel];
    }
}
