using FaceCluster.Models;
using FaceCluster.Imaging;
using FaceCluster.Models.FaceApi;
using Microsoft.ML.OnnxRuntime;

namespace FaceCluster.Detection;

/// <summary>
/// face-api.js's SSD-MobileNetV1 face detector on ONNX Runtime, using a graph from <see cref="SsdMobilenetV1Converter"/>.
/// Reproduces <c>SsdMobilenetv1.locateFaces</c>: bottom/right padding to a square, 512×512 bilinear resize, greedy
/// non-maximum suppression and the mapping of boxes back to image pixels.
/// </summary>
/// <remarks>
/// <threadsafety>One <see cref="Detect"/> call at a time per instance: the input and output buffers are reused.</threadsafety>
/// </remarks>
public sealed class SsdMobilenetV1Detector : IFaceDetector
{
    private const int Size = SsdMobilenetV1Converter.InputSize;
    private const int Anchors = SsdMobilenetV1Converter.AnchorCount;

    /// <summary>face-api: <c>tf.sub(tf.div(x, 127.5), 1)</c>, written as the float32 multiply the packer uses.</summary>
    private static readonly ChannelNormalization Normalization = ChannelNormalization.ScaleOffset(0.007843137718737125f, -1f);

    private static readonly string[] InputNames = ["input"];
    private static readonly string[] OutputNames = ["boxes", "scores"];

    private readonly InferenceSession _session;
    private readonly SsdMobilenetV1Options _options;
    private readonly RunOptions _runOptions;
    private readonly float[] _input = new float[3 * Size * Size];
    private readonly float[] _boxes = new float[Anchors * 4];
    private readonly float[] _scores = new float[Anchors];
    private readonly OrtValue[] _inputValues;
    private readonly OrtValue[] _outputValues;
    private readonly int[] _candidates = new int[Anchors];
    private readonly int[] _selected;
    private readonly CandidateComparer _comparer;
    private bool _disposed;

    public SsdMobilenetV1Detector(string modelPath, SsdMobilenetV1Options options, SessionOptions? sessionOptions = null, string? expectedSha256 = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _selected = new int[Math.Min(options.MaxResults, Anchors)];
        _comparer = new CandidateComparer(_scores);
        _session = OnnxSessionFactory.Open(modelPath, sessionOptions, expectedSha256);
        try
        {
            CheckSignature(_session, modelPath);
            _inputValues = [OrtValue.CreateTensorValueFromMemory(_input, [1, 3, Size, Size])];
            _outputValues =
            [
                OrtValue.CreateTensorValueFromMemory(_boxes, [1, Anchors, 4]),
                OrtValue.CreateTensorValueFromMemory(_scores, [1, Anchors]),
            ];
            _runOptions = new RunOptions();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    public SsdMobilenetV1Options Options => _options;

    /// <summary>The length of the model's input tensor, [1, 3, 512, 512].</summary>
    public static int InputLength => 3 * Size * Size;

    /// <summary>The session input for a whole photo (face-api's padding, resize and scaling), as <see cref="Detect"/> feeds it.</summary>
    public static void PackInput(RgbImage image, Span<float> destination) =>
        TfResizePacker.Pack(image, image.Bounds, Size, SquarePadding.BottomRight, Normalization, TensorLayout.Nchw, bgr: false, destination);

    public IReadOnlyList<FaceDetection> Detect(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);

        PackInput(image, _input);
        _session.Run(_runOptions, InputNames, _inputValues, OutputNames, _outputValues);

        var faces = ImageBoxes(NonMaxSuppression(), image);
        if (_options.ZoomOutRetry && !faces.Any(f => f.Box.Contains(image.Width / 2f, image.Height / 2f)))
        {
            // A face that fills the frame would cover the centre; when nothing found covers it, such a face may have been
            // missed (SSD-MobileNetV1 rarely finds faces wider than about half the photo), so look zoomed out as well.
            faces = Merge(faces, DetectZoomedOut(image));
        }

        return faces;
    }

    private List<FaceDetection> ImageBoxes(int count, RgbImage image)
    {
        var faces = new List<FaceDetection>(count);
        // NetInput.getReshapedInputDimensions: the image's size once scaled to fit 512, rounded half up like Math.round.
        var scale = (double)Size / Math.Max(image.Width, image.Height);
        var padX = Size / Math.Floor(image.Width * scale + 0.5);
        var padY = Size / Math.Floor(image.Height * scale + 0.5);
        for (var i = 0; i < count; i++)
        {
            var box = _boxes.AsSpan(_selected[i] * 4, 4);
            var top = Math.Max(0, (double)box[0]) * padY;
            var bottom = Math.Min(1.0, box[2]) * padY;
            var left = Math.Max(0, (double)box[1]) * padX;
            var right = Math.Min(1.0, box[3]) * padX;
            // FaceDetection(score, Rect relative to the image, imageDims) rescales x/width by the width, y/height by the height.
            var faceBox = new FaceBox(
                (float)(left * image.Width),
                (float)(top * image.Height),
                (float)((right - left) * image.Width),
                (float)((bottom - top) * image.Height));
            faces.Add(new FaceDetection(faceBox, _scores[_selected[i]]));
        }

        return faces;
    }

    /// <summary>
    /// The first look's faces as they were, plus the zoomed-out faces that overlap none of them (by the same IoU rule as
    /// non-maximum suppression), highest score first.
    /// </summary>
    private List<FaceDetection> Merge(List<FaceDetection> faces, List<FaceDetection> zoomedOut)
    {
        var kept = new List<FaceDetection>(faces);
        foreach (var face in zoomedOut)
        {
            if (kept.Count < _options.MaxResults && kept.All(k => k.Box.IntersectionOverUnion(face.Box) <= _options.IouThreshold))
            {
                kept.Add(face);
            }
        }

        return [.. kept.OrderByDescending(f => f.Score)];
    }

    private List<FaceDetection> DetectZoomedOut(RgbImage image)
    {
        var side = 2 * Math.Max(image.Width, image.Height);
        var offsetX = (side - image.Width) / 2;
        var offsetY = (side - image.Height) / 2;
        TfResizePacker.PackOnCanvas(image, side, offsetX, offsetY, Size, Normalization, _input);
        _session.Run(_runOptions, InputNames, _inputValues, OutputNames, _outputValues);
        var count = NonMaxSuppression();
        var faces = new List<FaceDetection>(count);
        for (var i = 0; i < count; i++)
        {
            var box = _boxes.AsSpan(_selected[i] * 4, 4);
            var left = Math.Clamp(box[1] * side - offsetX, 0, image.Width);
            var top = Math.Clamp(box[0] * side - offsetY, 0, image.Height);
            var right = Math.Clamp(box[3] * side - offsetX, 0, image.Width);
            var bottom = Math.Clamp(box[2] * side - offsetY, 0, image.Height);
            if (right > left && bottom > top)
            {
                faces.Add(new FaceDetection(new FaceBox(left, top, right - left, bottom - top), _scores[_selected[i]]));
            }
        }

        return faces;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }

        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>
    /// nonMaxSuppression.ts: candidates with score &gt; MinConfidence in descending score order (ties by anchor index,
    /// as JavaScript's stable sort leaves them); a candidate is kept unless its IoU with a kept box exceeds the
    /// threshold. Fills <see cref="_selected"/> and returns how many were kept.
    /// </summary>
    private int NonMaxSuppression()
    {
        var candidates = 0;
        for (var i = 0; i < Anchors; i++)
        {
            if (_scores[i] > _options.MinConfidence)
            {
                _candidates[candidates++] = i;
            }
        }

        _candidates.AsSpan(0, candidates).Sort(_comparer);

        var selected = 0;
        for (var c = 0; c < candidates && selected < _selected.Length; c++)
        {
            var candidate = _candidates[c];
            var keep = true;
            for (var j = selected - 1; j >= 0; j--)
            {
                if (IntersectionOverUnion(candidate, _selected[j]) > _options.IouThreshold)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                _selected[selected++] = candidate;
            }
        }

        return selected;
    }

    /// <summary>nonMaxSuppression.ts IOU: corners ordered with min/max, in double precision like JavaScript.</summary>
    private double IntersectionOverUnion(int i, int j)
    {
        var a = _boxes.AsSpan(i * 4, 4);
        var b = _boxes.AsSpan(j * 4, 4);
        double yMinA = Math.Min(a[0], a[2]), xMinA = Math.Min(a[1], a[3]), yMaxA = Math.Max(a[0], a[2]), xMaxA = Math.Max(a[1], a[3]);
        double yMinB = Math.Min(b[0], b[2]), xMinB = Math.Min(b[1], b[3]), yMaxB = Math.Max(b[0], b[2]), xMaxB = Math.Max(b[1], b[3]);
        var areaA = (yMaxA - yMinA) * (xMaxA - xMinA);
        var areaB = (yMaxB - yMinB) * (xMaxB - xMinB);
        if (areaA <= 0 || areaB <= 0)
        {
            return 0;
        }

        var intersection = Math.Max(Math.Min(yMaxA, yMaxB) - Math.Max(yMinA, yMinB), 0.0)
            * Math.Max(Math.Min(xMaxA, xMaxB) - Math.Max(xMinA, xMinB), 0.0);
        return intersection / (areaA + areaB - intersection);
    }

    private static void CheckSignature(InferenceSession session, string modelPath)
    {
        if (!session.InputMetadata.ContainsKey(InputNames[0])
            || !OutputNames.All(session.OutputMetadata.ContainsKey))
        {
            throw new ModelLoadException(
                $"{modelPath} is not an SSD-MobileNetV1 graph from {nameof(SsdMobilenetV1Converter)}: it needs input 'input' and outputs 'boxes' and 'scores'.");
        }
    }

    /// <summary>Descending score, then ascending anchor index.</summary>
    private sealed class CandidateComparer(float[] scores) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byScore = scores[y].CompareTo(scores[x]);
            return byScore != 0 ? byScore : x.CompareTo(y);
        }
    }
}
