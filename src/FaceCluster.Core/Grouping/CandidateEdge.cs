namespace FaceCluster.Grouping;

/// <summary>
/// A proposed link between rows <see cref="A"/> &lt; <see cref="B"/>. Ordered by distance, then rows, so linking in
/// sorted order is deterministic and the strongest links are decided first (Kruskal order).
/// </summary>
internal readonly record struct CandidateEdge(int A, int B, float Distance) : IComparable<CandidateEdge>
{
    public int CompareTo(CandidateEdge other)
    {
        var byDistance = Distance.CompareTo(other.Distance);
        if (byDistance != 0)
        {
            return byDistance;
        }

        var byA = A.CompareTo(other.A);
        return byA != 0 ? byA : B.CompareTo(other.B);
    }
}
