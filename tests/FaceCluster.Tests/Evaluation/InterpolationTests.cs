using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

public sealed class InterpolationTests
{
    // A mean ROC shape: FPR repeats 0 (thresholds 0 and 1) before rising.
    private static readonly double[] Fpr = [0, 0, 0.5, 0.75, 1];
    private static readonly double[] Tpr = [0, 0.75, 1, 1, 1];

    [Theory]
    [InlineData(0.0, 0.75)]    // a run of equal x: the last member's y
    [InlineData(0.25, 0.875)]  // between (0, .75) and (.5, 1)
    [InlineData(0.5, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(-1.0, 0.0)]    // clamped to the first y
    [InlineData(2.0, 1.0)]     // clamped to the last y
    public void Linear_FollowsNumpyInterp(double x, double expected)
    {
        Assert.Equal(expected, Interpolation.Linear(x, Fpr, Tpr), 1e-15);
    }

    [Fact]
    public void Linear_RunInTheMiddle_UsesLastMemberThenTheNextPoint()
    {
        double[] xp = [0, 0.5, 0.5, 0.5, 1];
        double[] fp = [0, 1, 2, 3, 5];

        Assert.Equal(3.0, Interpolation.Linear(0.5, xp, fp));
        Assert.Equal(4.0, Interpolation.Linear(0.75, xp, fp), 1e-15);
        Assert.Equal(0.5, Interpolation.Linear(0.25, xp, fp), 1e-15);
    }

    [Theory]
    [InlineData(0.25, 0.75)]  // p = 1 (last 0), q = 2: .5 + (.25/.5)·.5
    [InlineData(0.0, 0.5)]    // x equal to the run of zeros: the last zero's y
    [InlineData(0.5, 1.5)]    // x equal to the run at .5: the last one's y
    [InlineData(0.75, 1.75)]
    public void SplineLinear_RepeatedX_InterpolatesFromTheLastRepeat(double x, double expected)
    {
        double[] xs = [0, 0, 0.5, 0.5, 1];
        double[] ys = [0, 0.5, 1, 1.5, 2];

        Assert.Equal(expected, Interpolation.SplineLinear(x, xs, ys), 1e-15);
    }

    [Fact]
    public void SplineLinear_AtTheEnd_GivesTheLastY_OrZeroWhenTheLastIntervalIsEmpty()
    {
        Assert.Equal(2.0, Interpolation.SplineLinear(1.0, [0, 0.5, 1], [0, 1, 2]), 1e-15);

        // SciPy's degree-1 B-spline has a zero-length last knot interval here, whose basis values are 0.
        Assert.Equal(0.0, Interpolation.SplineLinear(1.0, [0, 0.5, 1, 1], [0, 1, 2, 3]));
    }

    [Fact]
    public void SplineLinear_OutsideTheRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolation.SplineLinear(1.5, [0, 0.5, 1], [0, 1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Interpolation.SplineLinear(-0.1, [0, 0.5, 1], [0, 1, 2]));
    }
}
