using FaceCluster.Decoding;
using System.Security.Cryptography;
using FaceCluster.Detection;
using FaceCluster.Imaging;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Detection;

public sealed class SsdMobilenetV1DetectorTests(SsdMobilenetV1ModelFixture model, ITestOutputHelper output)
    : IClassFixture<SsdMobilenetV1ModelFixture>
{
    private const double MinIou = 0.95;
    private const double MaxScoreDifference = 0.01;

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Detect_FixtureImages_MatchesFaceApiJs()
    {
        // Given the faces face-api.js found in each fixture image
        var reference = FaceApiReference.Load();
        var options = new SsdMobilenetV1Options { MinConfidence = (float)reference.MinConfidence };
        using var detector = new SsdMobilenetV1Detector(model.ModelPath, options);
        var worstIou = 1.0;
        var worstScore = 0.0;

        foreach (var expected in reference.Images)
        {
            // When our decoder and detector see the same image
            var image = PhotoDecoder.Default.Load(TestPaths.ResolveImage(expected.File));
            Assert.Equal((expected.Width, expected.Height), (image.Width, image.Height));
            Assert.Equal(expected.RgbSha256, Convert.ToHexString(SHA256.HashData(image.Pixels)).ToLowerInvariant());
            var faces = detector.Detect(image);

            // Then they find the same faces, with the same boxes and scores
            Assert.True(expected.Faces.Count == faces.Count, $"{expected.File}: face-api.js found {expected.Faces.Count} faces, we found {faces.Count}.");
            var unmatched = faces.ToList();
            foreach (var face in expected.Faces)
            {
                var box = new FaceBox((float)face.Box[0], (float)face.Box[1], (float)face.Box[2], (float)face.Box[3]);
                var best = unmatched.MaxBy(f => f.Box.IntersectionOverUnion(box))!;
                unmatched.Remove(best);
                var iou = best.Box.IntersectionOverUnion(box);
                var scoreDifference = Math.Abs(best.Score - face.Score);
                Assert.True(iou >= MinIou, $"{expected.File}: box {box} matched {best.Box} with IoU {iou:F4}.");
                Assert.True(scoreDifference <= MaxScoreDifference, $"{expected.File}: score {best.Score} vs face-api.js {face.Score}.");
                worstIou = Math.Min(worstIou, iou);
                worstScore = Math.Max(worstScore, scoreDifference);
            }

            Assert.Equal(faces.OrderByDescending(f => f.Score), faces);
            output.WriteLine($"{expected.File}: {faces.Count} faces");
        }

        output.WriteLine($"{reference.Images.Count} images, min IoU {worstIou:F6}, max score difference {worstScore:G3}");
    }

    [Trait("Category", "Shared")]
    [SharedDataTheory]
    [InlineData("Adrien_Brody/Adrien_Brody_0007.jpg")]
    [InlineData("Lea_Fastow/Lea_Fastow_0001.jpg")]
    public void Detect_LargeFaceMissedBesideSmallerOnes_IsFoundByTheZoomedOutLook(string lfwFile)
    {
        // Given an LFW photo whose subject fills the frame and which SSD-MobileNetV1 misses while finding someone else
        var image = PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, lfwFile));
        using var plain = new SsdMobilenetV1Detector(model.ModelPath, SsdMobilenetV1Options.Default);
        using var zooming = new SsdMobilenetV1Detector(model.ModelPath, SsdMobilenetV1Options.Default with { ZoomOutRetry = true });
        bool CoversCentre(FaceDetection f) => f.Box.Contains(image.Width / 2f, image.Height / 2f);

        // When it looks at the photo alone, and again zoomed out because nothing covers the centre
        var alone = plain.Detect(image);
        var both = zooming.Detect(image);

        // Then only the second look finds the subject, keeps the first look's faces as they were, and adds no duplicates
        Assert.NotEmpty(alone);
        Assert.DoesNotContain(alone, CoversCentre);
        var subject = Assert.Single(both, CoversCentre);
        Assert.True(subject.Box.Width > image.Width * 0.3, $"the subject is large: {subject.Box}");
        foreach (var face in alone)
        {
            Assert.Contains(face, both);
        }

        Assert.All(both, a => Assert.All(both.Where(b => !ReferenceEquals(a, b)), b => Assert.True(a.Box.IntersectionOverUnion(b.Box) <= 0.5)));
        Assert.Equal(both.OrderByDescending(f => f.Score), both);
        output.WriteLine($"{lfwFile}: {alone.Count} faces alone, {both.Count} with the zoomed-out look; subject {subject.Box} score {subject.Score:0.00}");
    }

    [Fact]
    public void Detect_SamePhotoTwice_GivesIdenticalResults()
    {
        // Given one detector reused across calls (its buffers are reused)
        using var detector = new SsdMobilenetV1Detector(model.ModelPath, SsdMobilenetV1Options.Default);
        var photo = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg"));
        var other = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"));

        // When it sees a photo, another one, then the first again
        var first = detector.Detect(photo);
        detector.Detect(other);
        var again = detector.Detect(photo);

        // Then the results repeat exactly and every box lies inside the image
        Assert.NotEmpty(first);
        Assert.Equal(first, again);
        Assert.All(first, f =>
        {
            Assert.InRange(f.Score, 0.5f, 1f);
            Assert.InRange(f.Box.X, 0, photo.Width);
            Assert.InRange(f.Box.Right, 0, photo.Width + 1e-3f);
            Assert.InRange(f.Box.Y, 0, photo.Height);
            Assert.InRange(f.Box.Bottom, 0, photo.Height + 1e-3f);
        });
    }

    [Fact]
    public void Detect_HigherMinConfidenceAndMaxResults_KeepsTheTopFacesOnly()
    {
        var photo = PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"));
        using var loose = new SsdMobilenetV1Detector(model.ModelPath, SsdMobilenetV1Options.Default);
        using var strict = new SsdMobilenetV1Detector(model.ModelPath, new SsdMobilenetV1Options { MinConfidence = 0.8f, MaxResults = 1 });

        var all = loose.Detect(photo);
        var top = strict.Detect(photo);

        Assert.True(all.Count > 1, "sample2 should hold several faces");
        Assert.Equal([all[0]], top);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(float.NaN)]
    public void Options_MinConfidenceOutsideOpenUnitInterval_Throws(float value) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SsdMobilenetV1Options { MinConfidence = value });

    [Fact]
    public void Options_NonPositiveMaxResults_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SsdMobilenetV1Options { MaxResults = 0 });
}
