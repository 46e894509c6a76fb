using System.Text.RegularExpressions;
using FaceCluster.Storage.Postgres;

namespace FaceCluster.Storage;

/// <summary>
/// Where a library lives, from the <c>Database</c> setting or <c>--db</c>: a PostgreSQL connection string
/// (<c>Host=...;Database=...</c>, <c>Server=...</c> or a <c>postgresql://</c> URI) or else an SQLite file path.
/// </summary>
public sealed partial record LibraryLocation
{
    private LibraryLocation(bool isServer, string target, string sidecarBase, string display)
    {
        IsServer = isServer;
        Target = target;
        SidecarBase = sidecarBase;
        Display = display;
    }

    /// <summary>True for PostgreSQL: a shared library several machines can use at once.</summary>
    public bool IsServer { get; }

    /// <summary>The SQLite file's full path, or the Npgsql connection string.</summary>
    public string Target { get; }

    /// <summary>
    /// The local path that derived files (the HNSW index, <c>.usearch</c> + <c>.json</c>) are named after: the database
    /// file itself for SQLite; for PostgreSQL a name under the user's cache folder made of server and database, since
    /// each machine that groups keeps its own index.
    /// </summary>
    public string SidecarBase { get; }

    /// <summary>For messages: the path, or server and database without the password.</summary>
    public string Display { get; }

    [GeneratedRegex(@"^\s*postgres(ql)?://|(^|;)\s*(host|server)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ServerForm();

    public static LibraryLocation Parse(string database)
    {
        if (!ServerForm().IsMatch(database))
        {
            var path = Path.GetFullPath(database);
            return new LibraryLocation(false, path, path, path);
        }

        var connection = PostgresLocation.ToConnectionString(database);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var sidecar = Path.Combine(cache, "facecluster", PostgresLocation.FileName(connection));
        return new LibraryLocation(true, connection, sidecar, PostgresLocation.Describe(connection));
    }
}
