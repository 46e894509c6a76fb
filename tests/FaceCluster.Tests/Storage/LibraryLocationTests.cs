using FaceCluster.Configuration;
using FaceCluster.Storage;
using Npgsql;

namespace FaceCluster.Tests.Storage;

public sealed class LibraryLocationTests
{
    [Theory]
    [InlineData("Host=db1;Database=photos;Username=fc;Password=secret", "db1", 5432, "photos", "fc")]
    [InlineData("Server=db1;Port=5433;Database=photos", "db1", 5433, "photos", null)]
    [InlineData("  host = /run/postgresql ; database=photos", "/run/postgresql", 5432, "photos", null)]
    [InlineData("postgresql://fc:secret@db1:5433/photos?sslmode=disable", "db1", 5433, "photos", "fc")]
    [InlineData("postgres:///photos?host=/run/postgresql", "/run/postgresql", 5432, "photos", null)]
    public void Parse_ConnectionStringOrUri_IsAServerLibraryWithoutThePasswordInItsName(string database, string host, int port, string name, string? user)
    {
        var location = LibraryLocation.Parse(database);

        Assert.True(location.IsServer);
        var builder = new NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal((host, port, name, user), (builder.Host, builder.Port, builder.Database, builder.Username));
        Assert.Equal($"postgresql://{host}:{port}/{name}", location.Display);
        Assert.DoesNotContain("secret", location.Display + location.SidecarBase);
        Assert.StartsWith("pg-", Path.GetFileName(location.SidecarBase));
        Assert.Equal("facecluster", Path.GetFileName(Path.GetDirectoryName(location.SidecarBase)));
    }

    [Theory]
    [InlineData("facecluster.db")]
    [InlineData("/srv/photos/my host=library.db")]
    public void Parse_AnythingElse_IsAnSqliteFileWithItsIndexBesideIt(string database)
    {
        var location = LibraryLocation.Parse(database);

        Assert.False(location.IsServer);
        Assert.Equal(Path.GetFullPath(database), location.Target);
        Assert.Equal(location.Target, location.SidecarBase);
    }

    [Fact]
    public void Parse_MalformedConnectionString_IsAConfigurationError()
    {
        Assert.Throws<ConfigurationException>(() => LibraryLocation.Parse("Host=db1;NoSuchKeyword=1"));
    }
}
