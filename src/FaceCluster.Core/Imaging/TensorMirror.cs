namespace FaceCluster.Imaging;

/// <summary>
/// Mirrors one packed model input left to right in place: the "flipped image" of FaceNet's evaluation and the mirrored
/// view of <see cref="FaceCluster.Configuration.EmbedderProfile.Mirror"/>.
/// </summary>
public static class TensorMirror
{
    public static void Horizontal(Span<float> input, int size, TensorLayout layout)
    {
        if (layout == TensorLayout.Nchw)
        {
            for (var row = 0; row < 3 * size; row++)
            {
                input.Slice(row * size, size).Reverse();
            }

            return;
        }

        for (var y = 0; y < size; y++)
        {
            var line = input.Slice(y * size * 3, size * 3);
            for (int left = 0, right = size - 1; left < right; left++, right--)
            {
                for (var c = 0; c < 3; c++)
                {
                    (line[left * 3 + c], line[right * 3 + c]) = (line[right * 3 + c], line[left * 3 + c]);
                }
            }
        }
    }
}
