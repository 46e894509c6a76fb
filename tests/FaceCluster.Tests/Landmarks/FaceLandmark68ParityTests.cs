using FaceCluster.Decoding;
using System.Globalization;
using System.Security.Cryptography;
using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Landmarks;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Landmarks;

/// <summary>Compares the converted landmark net with face-api.js's own outputs stored in Fixtures/faceapi/reference.json.</summary>
public class FaceLandmark68ParityTests(FaceLandmark68ModelFixture model, ITestOutputHelper output) : IClassFixture<FaceLandmark68ModelFixture>
{
    /// <summary>Mean point error allowed per face, in pixels of the 112-pixel net input.</summary>
    private const double MaxMeanErrorAt112 = 0.5;

    public static TheoryData<string> ReferenceImages()
    {
        var data = new TheoryData<string>();
        foreach (var image in FaceApiReference.Load().Images.Where(i => i.Faces.Count > 0))
        {
            data.Add(image.File);
        }

        return data;
    }

    [Trait("Category", "Shared")]
    [SharedDataTheory]
    [MemberData(nameof(ReferenceImages))]
    public void PredictRelative_ReferenceCrops_MatchFaceApi(string file)
    {
        // Given the photo face-api.js saw (same decoded bytes) and its landmark crops
        var reference = FaceApiReference.Load().Images.Single(i => i.File == file);
        var image = PhotoDecoder.Default.Load(TestPaths.ResolveImage(file));
        Assert.Equal((reference.Width, reference.Height), (image.Width, image.Height));
        Assert.Equal(reference.RgbSha256, Convert.ToHexString(SHA256.HashData(image.Pixels)), StringComparer.OrdinalIgnoreCase);
        var crops = reference.Faces.Select(f => new PixelRect(f.LandmarkCrop[0], f.LandmarkCrop[1], f.LandmarkCrop[2], f.LandmarkCrop[3])).ToArray();
        using var detector = new FaceLandmark68Detector(model.ModelPath);

        // When the converted net runs on all of them in one batch
        var relative = detector.PredictRelative(image, crops);

        // Then every face's points lie within half a net-input pixel of face-api's on average
        var failures = new List<string>();
        for (var f = 0; f < crops.Length; f++)
        {
            var (mean, max) = Errors(relative[f], reference.Faces[f].LandmarksRelative, 112, 112);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file} face {f} crop {crops[f]}: mean {mean:E2} px, max {max:E2} px at 112"));
            if (mean >= MaxMeanErrorAt112)
            {
                failures.Add($"face {f}: mean {mean:F3} px");
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Trait("Category", "Shared")]
    [SharedDataTheory]
    [MemberData(nameof(ReferenceImages))]
    public void DetectMany_ReferenceBoxes_MatchFaceApiInImagePixels(string file)
    {
        // Given the photo and face-api.js's detection boxes
        var reference = FaceApiReference.Load().Images.Single(i => i.File == file);
        var image = PhotoDecoder.Default.Load(TestPaths.ResolveImage(file));
        var boxes = reference.Faces.Select(f => new FaceBox((float)f.Box[0], (float)f.Box[1], (float)f.Box[2], (float)f.Box[3])).ToArray();
        using var detector = new FaceLandmark68Detector(model.ModelPath);

        // When landmarks are detected from the boxes
        var landmarks = detector.DetectMany(image, boxes);

        // Then the crops equal face-api's and the image-space points agree within half a net-input pixel, scaled to the crop
        for (var f = 0; f < boxes.Length; f++)
        {
            var face = reference.Faces[f];
            Assert.Equal(new PixelRect(face.LandmarkCrop[0], face.LandmarkCrop[1], face.LandmarkCrop[2], face.LandmarkCrop[3]),
                FaceLandmark68Detector.CropFor(image, boxes[f]));
            var pixelsPerNetPixel = Math.Max(face.LandmarkCrop[2], face.LandmarkCrop[3]) / 112.0;
            var (mean, max) = Errors(landmarks[f].Points.AsSpan(), face.Landmarks, 1, 1);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file} face {f}: mean {mean:E2} px, max {max:E2} px in the image ({mean / pixelsPerNetPixel:E2} at 112)"));
            Assert.True(mean / pixelsPerNetPixel < MaxMeanErrorAt112, $"face {f}: mean {mean:F3} image px");
        }
    }

    private static (double Mean, double Max) Errors(ReadOnlySpan<Point2> ours, double[][] theirs, double scaleX, double scaleY)
    {
        Assert.Equal(theirs.Length, ours.Length);
        double sum = 0, max = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            var dx = (ours[i].X - theirs[i][0]) * scaleX;
            var dy = (ours[i].Y - theirs[i][1]) * scaleY;
            var d = Math.Sqrt(dx * dx + dy * dy);
            sum += d;
            max = Math.Max(max, d);
        }

        return (sum / ours.Length, max);
    }
}
