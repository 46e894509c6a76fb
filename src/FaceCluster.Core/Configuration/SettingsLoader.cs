using Microsoft.Extensions.Configuration;

namespace FaceCluster.Configuration;

/// <summary>
/// Reads settings in increasing precedence: appsettings.json beside the program, the user's
/// <c>~/.config/facecluster/appsettings.json</c>, appsettings.json in the current directory, an explicit <c>--config</c>
/// file, then environment variables prefixed <c>FACECLUSTER_</c> (<c>__</c> separates levels, e.g.
/// <c>FACECLUSTER_Profiles__faceapi__Threshold=0.4</c>), then command-line overrides. A relative <c>ModelsDirectory</c>
/// is then resolved by <see cref="InstallLocations.ResolveModelsDirectory"/>, so an installed program finds its models
/// from any folder.
/// </summary>
public static class SettingsLoader
{
    public const string FileName = "appsettings.json";

    public const string EnvironmentPrefix = "FACECLUSTER_";

    public static FaceClusterSettings Load(string? configFile = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        var local = Path.GetFullPath(FileName);
        builder.AddJsonFile(beside, optional: true);
        builder.AddJsonFile(InstallLocations.UserConfigFile, optional: true);
        if (!string.Equals(beside, local, StringComparison.Ordinal))
        {
            builder.AddJsonFile(local, optional: true);
        }

        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new ConfigurationException($"Configuration file '{configFile}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        try
        {
            var configuration = builder.Build();
            var models = configuration[nameof(FaceClusterSettings.ModelsDirectory)] ?? new FaceClusterSettings().ModelsDirectory;
            configuration[nameof(FaceClusterSettings.ModelsDirectory)] = InstallLocations.ResolveModelsDirectory(models);
            return configuration.Get<FaceClusterSettings>() ?? new FaceClusterSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"Invalid configuration: {ex.Message}");
        }
        catch (ArgumentException invalid)
        {
            // Option types validate in their setters (e.g. Grouping:K must lie in 1..256).
            throw new ConfigurationException($"Invalid configuration: {invalid.Message}");
        }
    }
}
