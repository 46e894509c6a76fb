using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;

namespace FaceCluster.Analysis;

/// <summary>
/// The pixels faces are found or aligned in: a photo's decoded image (perhaps reduced) or a full-size region of it,
/// turned <paramref name="turns"/> quarter turns clockwise, and the mapping of boxes and points between the photo's
/// full-size frame, where faces are stored, and these pixels.
/// </summary>
/// <param name="originX">Where the source's left edge lies in the photo's full-size frame.</param>
/// <param name="scaleX">Full-size pixels per source pixel.</param>
/// <param name="ownsSource">The source was decoded for this frame alone, so <see cref="Release"/> releases it too.</param>
internal sealed class FaceFrame(RgbImage source, int turns, float originX, float originY, float scaleX, float scaleY, bool ownsSource = false)
{
    private readonly bool _identity = originX == 0 && originY == 0 && scaleX == 1 && scaleY == 1;

    public RgbImage Image { get; } = turns == 0 ? source : QuarterTurns.Turn(source, turns);

    public int Turns => turns;

    /// <summary>The photo's decoded image, turned.</summary>
    public static FaceFrame Of(DecodedPhoto photo, int turns) => new(photo.Image, turns, 0, 0, photo.ScaleX, photo.ScaleY);

    public FaceBox ToFrame(FaceBox box) => QuarterTurns.ToTurned(
        _identity ? box : new FaceBox((box.X - originX) / scaleX, (box.Y - originY) / scaleY, box.Width / scaleX, box.Height / scaleY),
        turns, source.Width, source.Height);

    public FaceBox FromFrame(FaceBox box)
    {
        var upright = QuarterTurns.FromTurned(box, turns, source.Width, source.Height);
        return _identity ? upright : new FaceBox(upright.X * scaleX + originX, upright.Y * scaleY + originY, upright.Width * scaleX, upright.Height * scaleY);
    }

    public FaceLandmarks FromFrame(FaceLandmarks landmarks)
    {
        var upright = QuarterTurns.FromTurned(landmarks, turns, source.Width, source.Height);
        return _identity ? upright : new FaceLandmarks([.. upright.Points.Select(p => new Point2(p.X * scaleX + originX, p.Y * scaleY + originY))]);
    }

    /// <summary>Releases the pixels made for this frame: its turned copy, and its source when the frame owns it.</summary>
    public void Release()
    {
        if (turns != 0)
        {
            Image.Release();
        }

        if (ownsSource)
        {
            source.Release();
        }
    }
}
