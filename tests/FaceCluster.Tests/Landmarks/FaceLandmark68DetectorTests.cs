using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Landmarks;

public class FaceLandmark68DetectorTests(FaceLandmark68ModelFixture model) : IClassFixture<FaceLandmark68ModelFixture>
{
    [Fact]
    public void DecodeRelative_TallCrop_RemovesHorizontalPadding()
    {
        // Given a 50x100 crop: scaled to 56x112 inside the square, with 28 pixels of padding on the left
        var output = new float[136];
        output[0] = 0.5f;
        output[1] = 0.5f;
        output[2] = 0.25f;
        output[3] = 1f;

        var points = FaceLandmark68Detector.DecodeRelative(output, 50, 100);

        // Then the square's centre is the crop's centre, and its left padding edge maps to x = 0
        Assert.Equal(68, points.Length);
        Assert.Equal(0.5f, points[0].X, 1e-6f);
        Assert.Equal(0.5f, points[0].Y, 1e-6f);
        Assert.Equal(0f, points[1].X, 1e-6f);
        Assert.Equal(1f, points[1].Y, 1e-6f);
    }

    [Fact]
    public void ToImage_ShiftsByUnroundedBoxOrigin()
    {
        var relative = new Point2[] { new(0.5f, 0.25f) };

        var landmarks = FaceLandmark68Detector.ToImage(relative, new PixelRect(10, 20, 40, 80), 10.75, 20.5);

        Assert.Equal(new Point2(30.75f, 40.5f), Assert.Single(landmarks.Points));
    }

    [Fact]
    public void DetectMany_TwoFaces_EqualsOneAtATime()
    {
        // Given a real photo and two boxes, one of them partly outside the image
        var image = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"));
        FaceBox[] boxes = [new(40.3f, 30.7f, 120.2f, 150.9f), new(image.Width - 60.5f, -10.25f, 90f, 100f)];
        using var detector = new FaceLandmark68Detector(model.ModelPath);

        // When detected as one batch and one by one
        var batch = detector.DetectMany(image, boxes);
        var single = boxes.Select(b => detector.Detect(image, b)).ToArray();

        // Then both give 68 points per face and agree
        Assert.Equal(2, batch.Count);
        for (var f = 0; f < boxes.Length; f++)
        {
            Assert.Equal(68, batch[f].Count);
            for (var i = 0; i < 68; i++)
            {
                Assert.Equal(single[f].Points[i].X, batch[f].Points[i].X, 1e-3f);
                Assert.Equal(single[f].Points[i].Y, batch[f].Points[i].Y, 1e-3f);
            }
        }
    }

    [Fact]
    public void DetectMany_NoBoxes_ReturnsEmpty()
    {
        var image = new RgbImage(4, 4, new byte[48]);
        using var detector = new FaceLandmark68Detector(model.ModelPath);

        Assert.Empty(detector.DetectMany(image, []));
    }

    [Fact]
    public void Detect_BoxOutsideImage_Throws()
    {
        var image = new RgbImage(4, 4, new byte[48]);
        using var detector = new FaceLandmark68Detector(model.ModelPath);

        Assert.Throws<ArgumentException>(() => detector.Detect(image, new FaceBox(10, 10, 5, 5)));
    }

    [Fact]
    public void Constructor_MissingModel_ThrowsModelLoadExceptionNamingTheFile()
    {
        var error = Assert.Throws<FaceCluster.Models.ModelLoadException>(() => new FaceLandmark68Detector(Path.Combine(Path.GetTempPath(), "no-such-landmarks.onnx")));
        Assert.Contains("no-such-landmarks.onnx", error.Message);
    }
}
