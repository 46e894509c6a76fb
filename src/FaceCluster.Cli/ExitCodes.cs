namespace FaceCluster.Cli;

/// <summary>Process exit codes; documented in the README, relied on by nightly jobs.</summary>
public static class ExitCodes
{
    /// <summary>The command completed (an ingest that skipped some bad photos still completed).</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure of the run itself (a bug, a full disk, a broken database).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or configuration.</summary>
    public const int Usage = 2;

    /// <summary>A model file is missing, corrupt, has the wrong checksum or the wrong shapes.</summary>
    public const int ModelError = 3;

    /// <summary>An input file given on the command line could not be read or decoded.</summary>
    public const int InputError = 4;

    /// <summary>Another FaceCluster run holds the database.</summary>
    public const int Locked = 5;

    /// <summary><c>doctor</c> found problems it did not (or could not) repair.</summary>
    public const int ProblemsFound = 6;

    /// <summary>Cancelled by Ctrl+C or SIGTERM; everything stored so far is kept.</summary>
    public const int Cancelled = 130;
}
