using System.Collections.Immutable;
using FaceCluster.Alignment;
using FaceCluster.Landmarks;

namespace FaceCluster.Tests.Alignment;

public sealed class DlibFaceChipTests
{
    [Fact]
    public void Template_Size150Padding025_PlacesTheEyeCornersWhereDlibsChipHasThem()
    {
        var template = DlibFaceChip.Template(150, 0.25f);

        // 33 points: 9 nose, 12 eye, 12 lip points (dlib skips the eyebrows and the lower lip)
        Assert.Equal(33, template.Length);
        // (padding + x) / (1 + 2·padding) · size for the outer eye corners 36 (x 0.121737) and 45 (x 0.858516)
        Assert.Equal((0.25 + 0.121737) / 1.5 * 150, template[9][0], 4);
        Assert.Equal((0.25 + 0.858516) / 1.5 * 150, template[18][0], 4);
        Assert.Equal((0.25 + 0.216423) / 1.5 * 150, template[18][1], 4);
    }

    [Fact]
    public void TemplatePoints_OfAFaceThatIsTheTemplateMoved_RecoverTheMove()
    {
        // Given 68 landmarks whose used points are dlib's template turned 10°, scaled by 1.7 and moved
        var template = DlibFaceChip.Template(150, 0.25f);
        var angle = 10 * Math.PI / 180;
        var (a, b) = (1.7 * Math.Cos(angle), 1.7 * Math.Sin(angle));
        var points = Enumerable.Repeat(new Point2(-1000, -1000), 68).ToArray();
        var used = new[] { 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 60, 61, 62, 63, 64 };
        for (var i = 0; i < used.Length; i++)
        {
            var (x, y) = (template[i][0], template[i][1]);
            points[used[i]] = new Point2((float)(a * x - b * y + 40), (float)(b * x + a * y + 25));
        }

        // When the chip's transform is fitted from those points
        var chosen = DlibFaceChip.TemplatePoints(new FaceLandmarks(points.ToImmutableArray()));
        var fit = SimilarityTransform.Estimate(template.Select(p => new Point2(p[0], p[1])).ToArray(), chosen.Points.AsSpan());

        // Then it is exactly that move: the other 35 landmarks (here far off) play no part
        Assert.Equal(a, fit.A, 4);
        Assert.Equal(b, fit.B, 4);
        Assert.Equal(40, fit.Tx, 2);
        Assert.Equal(25, fit.Ty, 2);
    }

    [Fact]
    public void TemplatePoints_FiveLandmarks_IsRefused() =>
        Assert.Throws<ArgumentException>(() => DlibFaceChip.TemplatePoints(new FaceLandmarks(Enumerable.Repeat(new Point2(1, 1), 5).ToImmutableArray())));
}
