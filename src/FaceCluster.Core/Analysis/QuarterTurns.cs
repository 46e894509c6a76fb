using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>
/// A photo turned a number of quarter turns clockwise, and the mapping of boxes and points between the photo's own
/// frame (W x H) and the turned one. Faces found in a turned copy are stored in the photo's own frame, the one the user
/// sees.
/// </summary>
public static class QuarterTurns
{
    /// <summary>The photo turned <paramref name="turns"/> (1..3) quarter turns clockwise.</summary>
    public static RgbImage Turn(RgbImage image, int turns)
    {
        var (w, h) = (image.Width, image.Height);
        var tw = turns % 2 == 1 ? h : w;

        // Where pixel (0, y) lands in the turned copy, and how far each next pixel of its row lands from the previous one.
        (int Start, int Step) Row(int y) => turns switch
        {
            1 => ((h - 1 - y) * 3, tw * 3),
            2 => ((((h - 1 - y) * tw) + w - 1) * 3, -3),
            3 => ((((w - 1) * tw) + y) * 3, -tw * 3),
            _ => throw new ArgumentOutOfRangeException(nameof(turns), turns, "1, 2 or 3 quarter turns"),
        };

        var source = image.Pixels;
        var turned = RgbImage.Rent(tw, turns % 2 == 1 ? w : h);
        var pixels = turned.Writable;
        for (var y = 0; y < h; y++)
        {
            var row = source.Slice(y * w * 3, w * 3);
            var (at, step) = Row(y);
            for (var x = 0; x < w; x++, at += step)
            {
                row.Slice(x * 3, 3).CopyTo(pixels.Slice(at, 3));
            }
        }

        return turned;
    }

    /// <summary>A box of the turned copy in the frame of the photo itself (<paramref name="width"/> x <paramref name="height"/>).</summary>
    public static FaceBox FromTurned(FaceBox box, int turns, int width, int height) => turns switch
    {
        0 => box,
        1 => new FaceBox(box.Y, height - box.Right, box.Height, box.Width),
        2 => new FaceBox(width - box.Right, height - box.Bottom, box.Width, box.Height),
        3 => new FaceBox(width - box.Bottom, box.X, box.Height, box.Width),
        _ => throw new ArgumentOutOfRangeException(nameof(turns)),
    };

    /// <summary>A box of the photo in the frame of its copy turned <paramref name="turns"/> quarter turns.</summary>
    public static FaceBox ToTurned(FaceBox box, int turns, int width, int height) => turns switch
    {
        0 => box,
        1 => new FaceBox(height - box.Bottom, box.X, box.Height, box.Width),
        2 => new FaceBox(width - box.Right, height - box.Bottom, box.Width, box.Height),
        3 => new FaceBox(box.Y, width - box.Right, box.Height, box.Width),
        _ => throw new ArgumentOutOfRangeException(nameof(turns)),
    };

    /// <summary>A point of the turned copy in the frame of the photo itself.</summary>
    public static Point2 FromTurned(Point2 point, int turns, int width, int height) => turns switch
    {
        0 => point,
        1 => new Point2(point.Y, height - point.X),
        2 => new Point2(width - point.X, height - point.Y),
        3 => new Point2(width - point.Y, point.X),
        _ => throw new ArgumentOutOfRangeException(nameof(turns)),
    };

    public static FaceLandmarks FromTurned(FaceLandmarks landmarks, int turns, int width, int height) =>
        turns == 0 ? landmarks : new FaceLandmarks([.. landmarks.Points.Select(p => FromTurned(p, turns, width, height))]);
}
