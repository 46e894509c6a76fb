namespace FaceCluster.Tests.Support;

/// <summary>A test that needs PostgreSQL: skipped with the reason only where initdb is absent and ./test.sh did not require it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresServer.SkipReason;
    }

    /// <summary>Also needs ../shared (LFW): skipped, like a SharedDataFact, where it is not there.</summary>
    public bool NeedsSharedData
    {
        get => false;
        init => Skip ??= value ? SharedData.SkipReason : null;
    }
}
