namespace FaceCluster.Tests.Support;

/// <summary>A fact that reads ../shared: skipped, saying why, where it is missing.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        Skip = SharedData.SkipReason;
    }
}
