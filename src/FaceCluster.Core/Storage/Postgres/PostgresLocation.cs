using System.Globalization;
using System.Text;
using FaceCluster.Configuration;
using Npgsql;

namespace FaceCluster.Storage.Postgres;

/// <summary>Turns the forms a user may give a PostgreSQL library in into an Npgsql connection string, and back into words.</summary>
internal static class PostgresLocation
{
    public static string ToConnectionString(string database)
    {
        try
        {
            return database.TrimStart().StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && database.Contains("://", StringComparison.Ordinal)
                ? FromUri(new Uri(database.Trim()))
                : new NpgsqlConnectionStringBuilder(database).ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or FormatException)
        {
            throw new ConfigurationException($"the Database setting is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }

    /// <summary><c>postgresql://user:password@host:port/database?key=value</c>, as libpq reads it.</summary>
    private static string FromUri(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = Uri.UnescapeDataString(uri.Host) };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Split(':', 2) is [var user, .. var rest] && user.Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(user);
            if (rest is [var password])
            {
                builder.Password = Uri.UnescapeDataString(password);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(parts[0]);
            // libpq's socket form: postgresql:///db?host=/run/postgresql
            builder[key.Equals("host", StringComparison.OrdinalIgnoreCase) ? "Host" : key] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }

        return builder.ConnectionString;
    }

    /// <summary>Server and database without the password, for messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
    }

    /// <summary>A file name that tells libraries on different servers and databases apart.</summary>
    public static string FileName(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = new StringBuilder("pg-");
        foreach (var c in $"{builder.Host}-{builder.Port}-{builder.Database ?? builder.Username}")
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        }

        return name.ToString();
    }
}
