namespace FaceCluster.Tests.Support;

/// <summary>A theory that reads ../shared: skipped, saying why, where it is missing.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        Skip = SharedData.SkipReason;
    }
}
