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

        // Every output row samples the same two source columns per output column with the same weight: work them out
        // once (byte offsets within a row, -1 on the zero padding) instead of per pixel.
        const int OnStack = 1024;
        Span<int> left = size <= OnStack ? stackalloc int[size] : new int[size];
        Span<int> right = size <= OnStack ? stackalloc int[size] : new int[size];
        Span<float> weights = size <= OnStack ? stackalloc float[size] : new float[size];
        for (var ox = 0; ox < size; ox++)
        {
            var sx = ox * scale;
            var x0 = (int)MathF.Floor(sx);
            left[ox] = Offset(x0 - offsetX, crop.Width, crop.X, 3);
            right[ox] = Offset(Math.Min(side - 1, (int)MathF.Ceiling(sx)) - offsetX, crop.Width, crop.X, 3);
            weights[ox] = sx - x0;
        }

        var (pixelStep, channelStep) = layout == TensorLayout.Nchw ? (1, plane) : (3, 1);
        Span<int> channelAt = [(bgr ? 2 : 0) * channelStep, channelStep, (bgr ? 0 : 2) * channelStep];
        for (var oy = 0; oy < size; oy++)
        {
            var sy = oy * scale;
            var y0 = (int)MathF.Floor(sy);
            var top = Offset(y0 - offsetY, crop.Height, crop.Y, stride);
            var bottom = Offset(Math.Min(side - 1, (int)MathF.Ceiling(sy)) - offsetY, crop.Height, crop.Y, stride);
            var fy = sy - y0;
            var rowAt = oy * size * pixelStep;
            for (var ox = 0; ox < size; ox++)
            {
                var (x0, x1, fx) = (left[ox], right[ox], weights[ox]);
                var at = rowAt + ox * pixelStep;
                for (var c = 0; c < 3; c++)
                {
                    var tl = Sample(pixels, top, x0, c);
                    var tr = Sample(pixels, top, x1, c);
                    var bl = Sample(pixels, bottom, x0, c);
                    var br = Sample(pixels, bottom, x1, c);
                    var upper = tl + (tr - tl) * fx;
                    var lower = bl + (br - bl) * fx;
                    destination[at + channelAt[c]] = normalization.Apply(upper + (lower - upper) * fy, c);
                }
            }
        }
    }

    /// <summary>The byte offset of crop position <paramref name="at"/> (0 ≤ at &lt; length) in the image, else -1 (padding).</summary>
    private static int Offset(int at, int length, int origin, int step) => at < 0 || at >= length ? -1 : (origin + at) * step;

    private static float Sample(ReadOnlySpan<byte> pixels, int row, int column, int channel) =>
        row < 0 || column < 0 ? 0f : pixels[row + column + channel];
}
