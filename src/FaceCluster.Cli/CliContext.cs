using FaceCluster.Configuration;
using Spectre.Console;

namespace FaceCluster.Cli;

/// <summary>What every command gets: the consoles and the settings, loaded once with the global options applied.</summary>
public sealed class CliContext(IAnsiConsole console, TextWriter output, TextWriter error, bool interactive, Func<FaceClusterSettings> settings)
{
    private readonly Lazy<FaceClusterSettings> _settings = new(settings);

    public IAnsiConsole Console { get; } = console;

    /// <summary>Plain standard output, for JSON and machine-readable lines.</summary>
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public FaceClusterSettings Settings => _settings.Value;

    /// <summary>Takes the library lock for a run, telling the user when it took over from a run that died.</summary>
    public Storage.LibraryLock AcquireLock(string database, string purpose)
    {
        var runLock = Storage.LibraryLock.Acquire(database, purpose);
        if (runLock.TakenOverFrom is { } stale)
        {
            Error.WriteLine($"warning: took over the lock of a run that did not finish ({stale})");
        }

        return runLock;
    }

    /// <summary>True when standard output is a terminal: live progress instead of log lines.</summary>
    public bool Interactive { get; } = interactive;
}
