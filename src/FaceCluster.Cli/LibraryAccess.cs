namespace FaceCluster.Cli;

/// <summary>
/// How a command opens the library. Reading needs an existing library and no lock, so it never waits for a nightly
/// run; writing takes the library lock (one writer at a time); creating also starts a library where there is none.
/// </summary>
public sealed record LibraryAccess
{
    private LibraryAccess(string? lockPurpose, bool mayCreate, bool shared = false, bool embeds = false)
    {
        LockPurpose = lockPurpose;
        MayCreate = mayCreate;
        Shared = shared;
        Embeds = embeds;
    }

    /// <summary>What the lock owner file says the run is doing; null for reading.</summary>
    public string? LockPurpose { get; }

    public bool MayCreate { get; }

    /// <summary>Several such runs may hold a PostgreSQL library at once (ingest workers); SQLite has one writer regardless.</summary>
    public bool Shared { get; }

    /// <summary>The command embeds photos, so which profile it uses decides what it adds to the library.</summary>
    public bool Embeds { get; }

    public static LibraryAccess Read { get; } = new(null, false);

    public static LibraryAccess Write(string purpose) => new(purpose, false);

    public static LibraryAccess Create(string purpose) => new(purpose, true);

    /// <summary>A write that several runs may do at once on a PostgreSQL library (the shards of <c>group --neighbours</c>).</summary>
    public static LibraryAccess SharedWrite(string purpose) => new(purpose, false, shared: true);

    /// <summary>Ingest: creates the library, and on PostgreSQL shares it with the other ingest workers.</summary>
    public static LibraryAccess Ingest { get; } = new("ingest", true, shared: true, embeds: true);
}
