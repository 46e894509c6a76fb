using System.Collections;

namespace FaceCluster.Storage;

/// <summary>
/// What <see cref="IPeopleStore.ApplyGrouping"/> did: the person id of each assignment it was given, in order (new
/// people created), and how many faces' person it wrote. Only changed assignments are written, so an incremental run
/// that places a few new faces writes about that many rows, not one per face of the library.
/// </summary>
/// <remarks>Reads as the list of person ids, which is what most callers want.</remarks>
public sealed class AppliedGrouping(IReadOnlyList<long> personIds, int facesWritten) : IReadOnlyList<long>
{
    public IReadOnlyList<long> PersonIds { get; } = personIds;

    /// <summary>Faces whose person changed: moved to another person, newly assigned, or left without one.</summary>
    public int FacesWritten { get; } = facesWritten;

    public int Count => PersonIds.Count;

    public long this[int index] => PersonIds[index];

    public IEnumerator<long> GetEnumerator() => PersonIds.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
