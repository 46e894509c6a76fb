using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

public sealed class BrentRootFinderTests
{
    [Fact]
    public void FindRoot_SmoothFunction_ConvergesWithinBrentqTolerance()
    {
        var root = BrentRootFinder.FindRoot(x => x * x - 2, 0, 2);

        Assert.Equal(Math.Sqrt(2), root, 2e-12);
    }

    [Fact]
    public void FindRoot_PiecewiseLinearKink_FindsTheCrossing()
    {
        // Decreasing with a kink at 0.3 and the root at 0.45.
        static double F(double x) => x < 0.3 ? 1 - 2 * x : 0.4 - (x - 0.3) * (0.4 / 0.15);

        Assert.Equal(0.45, BrentRootFinder.FindRoot(F, 0, 1), 1e-11);
    }

    [Fact]
    public void FindRoot_ZeroAtAnEnd_ReturnsThatEnd()
    {
        Assert.Equal(0.0, BrentRootFinder.FindRoot(x => -x, 0, 1));
        Assert.Equal(1.0, BrentRootFinder.FindRoot(x => 1 - x, 0, 1));
    }

    [Fact]
    public void FindRoot_NoSignChange_Throws()
    {
        Assert.Throws<ArgumentException>(() => BrentRootFinder.FindRoot(x => x + 1, 0, 1));
    }
}
