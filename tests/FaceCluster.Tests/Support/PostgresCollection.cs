namespace FaceCluster.Tests.Support;

/// <summary>The test classes that share one throwaway PostgreSQL server (each test in a database of its own).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
