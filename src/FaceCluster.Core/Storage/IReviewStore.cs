namespace FaceCluster.Storage;

/// <summary>
/// What the review in a browser (<c>facecluster serve</c>) needs beyond <see cref="IPeopleStore"/>: paged lists for
/// large libraries, corrections of several faces at once, hiding, and the log of corrections with undo. Every
/// correction of either interface is logged, so the CLI's corrections can be undone here too.
/// </summary>
public interface IReviewStore
{
    /// <summary>Live people of a profile: named first, then most faces first, then by id; with up to <paramref name="samples"/> face ids each.</summary>
    ReviewPage<ReviewPerson> LoadPeoplePage(string profile, PeopleFilter filter, int offset, int limit, int samples);

    /// <summary>A live person (not merged away), or null.</summary>
    ReviewPerson? GetReviewPerson(long personId, int samples);

    /// <summary>A person's faces in id order after <paramref name="afterFaceId"/> (keyset paging; 0 for the first page).</summary>
    ReviewPage<ReviewFace> LoadPersonFaces(long personId, long afterFaceId, int limit);

    /// <summary>The faces of a profile that belong to nobody, in id order after <paramref name="afterFaceId"/>.</summary>
    ReviewPage<ReviewFace> LoadUnassignedFaces(string profile, long afterFaceId, int limit);

    ReviewFace? GetReviewFace(long faceId);

    /// <summary>The stored path of a photo, or null for an unknown id.</summary>
    string? GetPhotoPath(long photoId);

    /// <summary>"These faces are not their people": one logged correction; returns how many faces were taken out.</summary>
    int RejectFaces(IReadOnlyList<long> faceIds);

    /// <summary>
    /// Moves faces into a live person; each face is also rejected from the person it leaves, so 'group' does not put it
    /// back. Throws <see cref="CorrectionException"/> for an unknown face or an unknown or merged-away person.
    /// </summary>
    void MoveFaces(IReadOnlyList<long> faceIds, long into);

    /// <summary>Moves faces into a new person with a name (named, so 'group' keeps it); returns its id.</summary>
    long CreatePerson(string profile, string name, IReadOnlyList<long> faceIds);

    /// <summary>Hides a person from the people page (or shows it again); throws <see cref="CorrectionException"/> for an unknown person.</summary>
    void HidePerson(long personId, bool hidden);

    /// <summary>The latest corrections not yet undone, newest first.</summary>
    IReadOnlyList<CorrectionEntry> LoadCorrections(int limit);

    /// <summary>
    /// Reverts the latest correction not yet undone and logs the undo; null when there is none. Throws
    /// <see cref="CorrectionException"/> when what it changed is gone (a person forgotten by 'group').
    /// </summary>
    CorrectionEntry? UndoLastCorrection();
}
