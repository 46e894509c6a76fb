namespace FaceCluster.Configuration;

/// <summary>
/// Where an installed FaceCluster finds its per-user configuration and its models, so that it runs from any folder
/// (XDG base directories: <c>$XDG_CONFIG_HOME</c> or <c>~/.config</c>, <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>).
/// </summary>
public static class InstallLocations
{
    public const string AppFolder = "facecluster";

    /// <summary><c>~/.config/facecluster/appsettings.json</c>: the user's own settings, layered over the program's.</summary>
    public static string UserConfigFile => Path.Combine(XdgHome("XDG_CONFIG_HOME", ".config"), AppFolder, SettingsLoader.FileName);

    /// <summary><c>~/.local/share/facecluster</c>: per-user data (models installed for one user).</summary>
    public static string UserDataFolder => Path.Combine(XdgHome("XDG_DATA_HOME", Path.Combine(".local", "share")), AppFolder);

    /// <summary>
    /// Resolves a relative models folder to the first place that holds it: the current folder (a checkout or a
    /// project folder of its own), the per-user data folder, then the program's folder (where the installer puts the
    /// models). When none holds it, the current folder's path is returned, which is where <c>models install</c> writes.
    /// </summary>
    public static string ResolveModelsDirectory(string configured)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var candidates = ModelsCandidates(configured);
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates[0];
    }

    /// <summary>What to tell a user whose model file is missing.</summary>
    public const string MissingModelHint =
        "run ./setup.sh or 'facecluster models install'; a relative ModelsDirectory is looked for in the current folder, " +
        "in ~/.local/share/facecluster and beside the program, or fix the path in appsettings.json";

    /// <summary>Every place <see cref="ResolveModelsDirectory"/> looks, in order, for error messages.</summary>
    public static IReadOnlyList<string> ModelsCandidates(string configured) =>
        Path.IsPathRooted(configured)
            ? [configured]
            : [Path.GetFullPath(configured), Path.Combine(UserDataFolder, configured), Path.Combine(AppContext.BaseDirectory, configured)];

    private static string XdgHome(string variable, string fallbackUnderHome)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        return !string.IsNullOrEmpty(value) && Path.IsPathRooted(value)
            ? value
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), fallbackUnderHome);
    }
}
