namespace FaceCluster.Tests.Support;

/// <summary>The test classes that share one throwaway PostgreSQL server (each test in a database of its own), and the models.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<InstalledModels>
{
    public const string Name = "postgres";
}
