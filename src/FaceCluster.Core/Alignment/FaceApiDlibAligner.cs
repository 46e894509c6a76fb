using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Alignment;

/// <summary>
/// face-api.js's descriptor crop (FaceLandmarks.alignDlib + extractFaceTensors): an axis-aligned square sized from
/// the eye-to-mouth distance, clipped to the image, zero-padded to a square and resized like tfjs. No rotation: this
/// is what the face-api recogniser was used with, so matching it keeps its published accuracy.
/// </summary>
public sealed class FaceApiDlibAligner(InputFormat format) : IFaceAligner
{
    private const double RelScale = 0.45;
    private const double RelX = 0.5;
    private const double RelY = 0.43;

    public int Size => format.Size;

    public void Align(RgbImage image, FaceBox box, FaceLandmarks landmarks, Span<float> destination)
    {
        var rect = CropRect(landmarks, FaceLandmark68Detector.CropFor(image, box), image.Width, image.Height);
        if (rect.Width <= 0 || rect.Height <= 0)
        {
            // Degenerate landmarks (a face at the very border): fall back to the whole image rather than fail the photo.
            rect = image.Bounds;
        }

        format.PackCentred(image, rect, destination);
    }

    /// <summary>
    /// The integer crop face-api.js feeds its recogniser for these 68 landmarks. face-api caps the square's sides at
    /// the landmark crop's size plus the square's origin (its landmarks carry the face crop's dimensions as their
    /// "image" size); that only bites for faces cut by the photo's edge, and we mirror it to feed the same pixels.
    /// </summary>
    public static PixelRect CropRect(FaceLandmarks landmarks, PixelRect landmarkCrop, int imageWidth, int imageHeight)
    {
        if (landmarks.Count != 68)
        {
            throw new ArgumentException($"face-api alignment needs 68 landmarks, got {landmarks.Count}.", nameof(landmarks));
        }

        // JavaScript evaluates this in double precision; so do we, so floors land on the same pixel.
        var (lx, ly) = Centre(landmarks, 36, 6);
        var (rx, ry) = Centre(landmarks, 42, 6);
        var (mx, my) = Centre(landmarks, 48, 20);
        var eyeToMouth = (Distance(mx, my, lx, ly) + Distance(mx, my, rx, ry)) / 2;
        var size = Math.Floor(eyeToMouth / RelScale);
        var refX = (lx + rx + mx) / 3;
        var refY = (ly + ry + my) / 3;
        var x = Math.Floor(Math.Max(0, refX - RelX * size));
        var y = Math.Floor(Math.Max(0, refY - RelY * size));
        var width = Math.Min(size, landmarkCrop.Width + x);
        var height = Math.Min(size, landmarkCrop.Height + y);
        return PixelRect.ClipFloor(x, y, width, height, imageWidth, imageHeight);
    }

    private static (double X, double Y) Centre(FaceLandmarks landmarks, int start, int count)
    {
        double x = 0, y = 0;
        for (var i = start; i < start + count; i++)
        {
            x += landmarks.Points[i].X;
            y += landmarks.Points[i].Y;
        }

        return (x / count, y / count);
    }

    private static double Distance(double ax, double ay, double bx, double by) =>
        Math.Sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by));
}
