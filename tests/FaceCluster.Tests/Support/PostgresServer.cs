using System.Diagnostics;
using Npgsql;

namespace FaceCluster.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL for the tests that need one: <c>initdb</c> into a fresh folder under /tmp, then a server
/// that listens on a Unix socket in that folder only (no TCP port at all), stopped and deleted when disposed. Each
/// test gets an empty database of its own from <see cref="CreateDatabase"/>. Run as root, initdb and the server run
/// as the <c>postgres</c> user (the server refuses root), through runuser.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    /// <summary>./test.sh sets this: there the PostgreSQL tests must run, so a missing PostgreSQL fails them.</summary>
    public const string RequiredVariable = "FACECLUSTER_TESTS_REQUIRE_POSTGRES";

    private static readonly string? BinDirectory = FindBinDirectory();

    private readonly string _folder;
    private readonly string _data;

    public PostgresServer()
    {
        if (BinDirectory is null)
        {
            throw new InvalidOperationException($"PostgreSQL's initdb was not found (install Debian's postgresql, or set FACECLUSTER_PG_BIN); {RequiredVariable}=1 requires it");
        }

        _folder = Path.Combine("/tmp", "fcpg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(_folder);
        // Open to the postgres user initdb and the server run as when we are root (set after creating: umask applies there).
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_111_111);
        _data = Path.Combine(_folder, "data");
        try
        {
            Tool("initdb", "-D", _data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
            Tool("pg_ctl", "-D", _data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
                "-o", $"-k {_folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
        }
        catch
        {
            Directory.Delete(_folder, recursive: true);
            throw;
        }
    }

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run (initdb found, or ./test.sh requires them).</summary>
    public static string? SkipReason { get; } =
        BinDirectory is not null || Environment.GetEnvironmentVariable(RequiredVariable) == "1"
            ? null
            : "needs PostgreSQL's initdb (Debian: apt install postgresql; ./test.sh installs it and runs these tests)";

    /// <summary>The connection string of a new, empty database on this server.</summary>
    public string CreateDatabase()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) => $"Host={_folder};Username=postgres;Database={database}";

    public void Dispose()
    {
        try
        {
            Tool("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Runs a PostgreSQL program (as the postgres user when we are root) and fails with its output.</summary>
    private static void Tool(string program, params string[] args)
    {
        var path = Path.Combine(BinDirectory!, program);
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", path, .. args])
            : new ProcessStartInfo(path, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({(process.HasExited ? process.ExitCode : "hung")}): {error} {output.Result}");
        }
    }

    /// <summary>FACECLUSTER_PG_BIN, else Debian's /usr/lib/postgresql/VERSION/bin (newest), else initdb on the PATH.</summary>
    private static string? FindBinDirectory()
    {
        if (Environment.GetEnvironmentVariable("FACECLUSTER_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
    }
}
