using FaceCluster.Configuration;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli;

/// <summary>What every command gets: the consoles, the settings (loaded once with the global options applied) and the library.</summary>
public sealed class CliContext(IAnsiConsole console, TextWriter output, TextWriter error, bool interactive, Func<FaceClusterSettings> settings)
{
    private readonly Lazy<FaceClusterSettings> _settings = new(settings);

    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain standard output, for JSON and machine-readable lines.</summary>
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public FaceClusterSettings Settings => _settings.Value;

    /// <summary>True when standard output is a terminal: live progress instead of log lines.</summary>
    public bool Interactive { get; } = interactive;

    /// <summary>Prints a human-readable line with every interpolated string escaped for the terminal (see <see cref="TerminalText"/>).</summary>
    public void WriteLine(ref TerminalLine line) => Output.WriteLine(line.ToStringAndClear());

    public void Warn(ref TerminalLine message) => Error.WriteLine("warning: " + message.ToStringAndClear());

    /// <summary>The library a command works on: <c>--db</c>, else the configured database (a file or a PostgreSQL connection string).</summary>
    public LibraryLocation Location(string? option) => LibraryLocation.Parse(option ?? Settings.Database);

    /// <summary>The profile a command works on: <c>--profile</c>, else the configured default.</summary>
    public string ProfileName(string? option) => string.IsNullOrWhiteSpace(option) ? Settings.Profile : option;

    /// <summary>
    /// Opens the library (<c>--db</c>, else the configured database) the one way every command does: it must exist
    /// unless the access may create it, and writers hold the run lock from before the store opens until after it closes.
    /// </summary>
    public OpenLibrary OpenLibrary(string? database, string? profile, LibraryAccess access)
    {
        var location = Location(database);
        var runLock = access.LockPurpose is { } purpose ? AcquireLock(location, purpose, access.Shared) : null;
        try
        {
            var store = LibraryStores.Open(location, access.MayCreate);
            try
            {
                return new OpenLibrary(location, store, runLock, LibraryProfileName(profile, store, access.Embeds), Settings);
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        catch
        {
            runLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>--profile</c>, else the configured default, except that a library whose faces were all embedded under one
    /// other profile keeps that one: a changed default (or an upgrade that ships a new one) never starts a second set
    /// of embeddings in an existing library unasked. <c>--profile</c> once starts them on purpose. A command that
    /// embeds says so, since it is the one whose choice changes what the library holds.
    /// </summary>
    private string LibraryProfileName(string? option, IFaceStore store, bool embeds)
    {
        var configured = ProfileName(option);
        if (!string.IsNullOrWhiteSpace(option) || store.FaceProfiles() is not [var only] || string.Equals(only, configured, StringComparison.OrdinalIgnoreCase))
        {
            return configured;
        }

        if (embeds)
        {
            Warn($"this library's faces were embedded with profile '{only}', not the configured '{configured}': using '{only}' (--profile {configured} would embed every photo again under '{configured}')");
        }

        return only;
    }

    /// <summary>Takes the library lock for a run, telling the user when it took over from a run that died.</summary>
    private ILibraryLock AcquireLock(LibraryLocation location, string purpose, bool shared)
    {
        var runLock = LibraryStores.Lock(location, purpose, shared);
        if (runLock.TakenOverFrom is { } stale)
        {
            Warn($"took over the lock of a run that did not finish ({stale})");
        }

        return runLock;
    }
}
