namespace FaceCluster.Tests.Support;

/// <summary>A test that needs PostgreSQL: skipped with the reason only where initdb is absent and ./test.sh did not require it.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresServer.SkipReason;
    }
}
