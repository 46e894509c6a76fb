using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

public sealed class CurveMathTests
{
    [Fact]
    public void PopulationStd_DividesByCount()
    {
        Assert.Equal(0.125, CurveMath.PopulationStd([0.75, 1.0]), 1e-15);
        Assert.Equal(Math.Sqrt(2.0 / 3.0), CurveMath.PopulationStd([1, 2, 3]), 1e-15);
        Assert.Equal(0.0, CurveMath.PopulationStd([0.9, 0.9, 0.9]));
    }

    [Fact]
    public void TrapezoidArea_IncreasingX_IsTheTrapezoidSum()
    {
        // The vertical step at x = 0 adds nothing; then 0.5·(0.5+1)/2 + 0.5·(1+1)/2 = 0.875.
        Assert.Equal(0.875, CurveMath.TrapezoidArea([0, 0, 0.5, 1], [0, 0.5, 1, 1]), 1e-15);
    }

    [Fact]
    public void TrapezoidArea_DecreasingX_IsPositive()
    {
        Assert.Equal(0.875, CurveMath.TrapezoidArea([1, 0.5, 0, 0], [1, 1, 0.5, 0]), 1e-15);
    }

    [Fact]
    public void TrapezoidArea_NonMonotonicX_Throws()
    {
        Assert.Throws<ArgumentException>(() => CurveMath.TrapezoidArea([0, 1, 0.5], [0, 1, 1]));
    }
}
