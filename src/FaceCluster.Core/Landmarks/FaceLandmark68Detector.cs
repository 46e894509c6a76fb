using FaceCluster.Models;
using System.Collections.Immutable;
using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Models.FaceApi;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Landmarks;

/// <summary>
/// dlib-style 68-point landmarks from face-api.js's FaceLandmark68Net, run through ONNX Runtime on a graph made by
/// <see cref="FaceLandmark68Converter"/>. Each face is cropped to its box (clipped to the image and floored, as
/// face-api's extractFaceTensors does), centre-padded to a square and resized to 112x112 the way tfjs does. Outputs are
/// decoded as face-api's postProcess does and shifted by the unrounded box origin, as extendWithFaceLandmarks does.
/// One instance holds one session and is safe to call from one thread at a time.
/// </summary>
public sealed class FaceLandmark68Detector : ILandmarkDetector
{
    public const int PointCount = FaceLandmark68Converter.OutputLength / 2;

    private const int Size = FaceLandmark68Converter.InputSize;
    private const int ImageLength = 3 * Size * Size;

    private static readonly ChannelNormalization Normalization = ChannelNormalization.MeanStd(
        [.. FaceLandmark68Converter.InputMean],
        [FaceLandmark68Converter.InputScale, FaceLandmark68Converter.InputScale, FaceLandmark68Converter.InputScale]);

    private static readonly string[] InputNames = [FaceLandmark68Converter.InputName];
    private static readonly string[] OutputNames = [FaceLandmark68Converter.OutputName];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private float[] _input = new float[ImageLength];

    public FaceLandmark68Detector(string modelPath, SessionOptions? sessionOptions = null, string? expectedSha256 = null)
    {
        _session = OnnxSessionFactory.Open(modelPath, sessionOptions, expectedSha256);
        if (!_session.InputMetadata.ContainsKey(FaceLandmark68Converter.InputName)
            || !_session.OutputMetadata.ContainsKey(FaceLandmark68Converter.OutputName))
        {
            _session.Dispose();
            throw new ModelLoadException(
                $"{modelPath} is not a FaceLandmark68Net graph: it needs input '{FaceLandmark68Converter.InputName}' and output '{FaceLandmark68Converter.OutputName}'.");
        }

        _runOptions = new RunOptions();
    }

    public FaceLandmarks Detect(RgbImage image, FaceBox box) => DetectMany(image, [box])[0];

    /// <summary>Landmarks for every box of one photo, computed in a single batched session run.</summary>
    public IReadOnlyList<FaceLandmarks> DetectMany(RgbImage image, IReadOnlyList<FaceBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var crops = new PixelRect[boxes.Count];
        for (var i = 0; i < crops.Length; i++)
        {
            crops[i] = CropFor(image, boxes[i]);
        }

        var relative = PredictRelative(image, crops);
        var result = new FaceLandmarks[crops.Length];
        for (var i = 0; i < crops.Length; i++)
        {
            result[i] = ToImage(relative[i], crops[i], boxes[i].X, boxes[i].Y);
        }

        return result;
    }

    /// <summary>
    /// Runs the net on integer crops and returns each crop's 68 points relative to the crop (0..1 inside it), i.e.
    /// face-api's <c>FaceLandmarks.relativePositions</c>.
    /// </summary>
    public IReadOnlyList<Point2[]> PredictRelative(RgbImage image, IReadOnlyList<PixelRect> crops)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(crops);
        if (crops.Count == 0)
        {
            return [];
        }

        var length = crops.Count * ImageLength;
        if (_input.Length < length)
        {
            _input = new float[length];
        }

        for (var i = 0; i < crops.Count; i++)
        {
            TfResizePacker.Pack(image, crops[i], Size, SquarePadding.Centered, Normalization, TensorLayout.Nchw, bgr: false,
                _input.AsSpan(i * ImageLength, ImageLength));
        }

        using var input = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, _input.AsMemory(0, length), [crops.Count, 3, Size, Size]);
        using var outputs = _session.Run(_runOptions, InputNames, [input], OutputNames);
        var raw = outputs[0].GetTensorDataAsSpan<float>();

        var result = new Point2[crops.Count][];
        for (var i = 0; i < crops.Count; i++)
        {
            result[i] = DecodeRelative(
                raw.Slice(i * FaceLandmark68Converter.OutputLength, FaceLandmark68Converter.OutputLength), crops[i].Width, crops[i].Height);
        }

        return result;
    }

    /// <summary>
    /// face-api's FaceLandmark68NetBase.postProcess for one face: the net's 136 outputs (x,y interleaved, in units of the
    /// padded square) become positions relative to a crop of <paramref name="cropWidth"/> x <paramref name="cropHeight"/>.
    /// The scale and padding are computed in double, like the JavaScript, and the tensor arithmetic in float32, like tfjs.
    /// </summary>
    public static Point2[] DecodeRelative(ReadOnlySpan<float> output, int cropWidth, int cropHeight)
    {
        if (output.Length != FaceLandmark68Converter.OutputLength)
        {
            throw new ArgumentException($"Expected {FaceLandmark68Converter.OutputLength} outputs, got {output.Length}.", nameof(output));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cropHeight);

        var scale = (double)Size / Math.Max(cropWidth, cropHeight);
        var width = cropWidth * scale;
        var height = cropHeight * scale;
        var padX = (float)(width < height ? Math.Abs(width - height) / 2 : 0);
        var padY = (float)(height < width ? Math.Abs(width - height) / 2 : 0);
        var widthF = (float)width;
        var heightF = (float)height;

        var points = new Point2[PointCount];
        for (var i = 0; i < PointCount; i++)
        {
            var x = (output[2 * i] * Size - padX) / widthF;
            var y = (output[2 * i + 1] * Size - padY) / heightF;
            points[i] = new Point2(x, y);
        }

        return points;
    }

    /// <summary>
    /// Image-space landmarks as face-api builds them: relative position times the crop size, plus the detection box's
    /// own (unrounded, unclipped) origin.
    /// </summary>
    public static FaceLandmarks ToImage(ReadOnlySpan<Point2> relative, PixelRect crop, double shiftX, double shiftY)
    {
        var builder = ImmutableArray.CreateBuilder<Point2>(relative.Length);
        foreach (var p in relative)
        {
            builder.Add(new Point2((float)(p.X * (double)crop.Width + shiftX), (float)(p.Y * (double)crop.Height + shiftY)));
        }

        return new FaceLandmarks(builder.MoveToImmutable());
    }

    /// <summary>The crop face-api gives the landmark net for <paramref name="box"/>: clipped to the image, then floored.</summary>
    public static PixelRect CropFor(RgbImage image, FaceBox box)
    {
        var crop = PixelRect.ClipFloor(box.X, box.Y, box.Width, box.Height, image.Width, image.Height);
        if (crop.Width <= 0 || crop.Height <= 0)
        {
            throw new ArgumentException($"Face box {box} has no pixels inside the {image.Width}x{image.Height} image.", nameof(box));
        }

        return crop;
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
