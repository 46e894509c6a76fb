namespace FaceCluster.Storage;

/// <summary>
/// People and the user's corrections, part of the storage seam. Names, merges and rejections are the user's work:
/// grouping reads them as constraints and never overwrites them.
/// </summary>
public interface IPeopleStore
{
    IReadOnlyList<PersonRecord> LoadPeople(string profile);

    /// <summary>Current face → person assignments for a profile (unassigned faces are absent).</summary>
    IReadOnlyDictionary<long, long> LoadAssignments(string profile);

    /// <summary>(face, person) pairs the user said are not that person.</summary>
    IReadOnlyList<(long FaceId, long PersonId)> LoadRejections(string profile);

    /// <summary>
    /// Makes <paramref name="people"/> the profile's assignments in one transaction (a face in none of them is left
    /// without a person), writing only the faces whose person changes; returns the person id of each entry (new ones
    /// created) and the number of faces written.
    /// </summary>
    AppliedGrouping ApplyGrouping(string profile, IReadOnlyList<PersonAssignment> people);

    /// <summary>Names a person; throws <see cref="CorrectionException"/> for an unknown or merged-away person.</summary>
    void NamePerson(long personId, string name);

    /// <summary>
    /// Moves every face of <paramref name="from"/> into <paramref name="into"/> and records the merge; throws
    /// <see cref="CorrectionException"/> for an unknown or merged-away person, or one merged into itself.
    /// </summary>
    void MergePeople(long into, long from);

    /// <summary>
    /// Records that two people are different (a cannot-link for every later 'group', and never suggested again); throws
    /// <see cref="CorrectionException"/> for an unknown or merged-away person, or a person paired with itself.
    /// </summary>
    void DenyPair(long first, long second);

    /// <summary>Denied pairs of a profile's people, lower id first.</summary>
    IReadOnlyList<(long PersonA, long PersonB)> LoadDenials(string profile);

    /// <summary>
    /// Takes a face out of its person and remembers that it is not that person; returns the person, or null if
    /// unassigned. Throws <see cref="CorrectionException"/> for an unknown face.
    /// </summary>
    long? RejectFace(long faceId);

    /// <summary>Forgets all rejections of a face; returns how many were removed.</summary>
    int UndoReject(long faceId);

    StoredFace? GetFace(long faceId);
}
