using System.CommandLine;

namespace FaceCluster.Cli.Commands;

/// <summary>Options several commands share, defined once so their names and help stay identical.</summary>
internal static class CommonOptions
{
    public static Option<string?> Database() => new("--db") { Description = "The library database (default: Database in appsettings.json)." };

    public static Option<string?> Profile() => new("--profile") { Description = "Model profile (default: Profile in appsettings.json)." };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON instead of a table." };
}
