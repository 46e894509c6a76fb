namespace FaceCluster.Storage;

/// <summary>
/// What a logged correction changed, as JSON in the log: enough to revert it. Each kind fills the fields it needs;
/// face lists and their former people run in parallel.
/// </summary>
internal sealed record CorrectionData
{
    public long? Person { get; init; }

    public long? Other { get; init; }

    public string? Name { get; init; }

    public string? PreviousName { get; init; }

    public bool Hidden { get; init; }

    /// <summary>Whether the row the correction adds (a denial) was new, so undo removes only what it added.</summary>
    public bool Inserted { get; init; }

    public long[] Faces { get; init; } = [];

    public long?[] FormerPeople { get; init; } = [];

    /// <summary>Merge: the people that had been merged into the merged person.</summary>
    public long[] Redirected { get; init; } = [];

    public long[] RejectionsAdded { get; init; } = [];

    public long[] RejectionsRemoved { get; init; } = [];

    /// <summary>Merge: the people the merged person had been denied against, and the kept person's denials it added.</summary>
    public long[] DenialsMoved { get; init; } = [];

    public long[] DenialsAdded { get; init; } = [];
}
