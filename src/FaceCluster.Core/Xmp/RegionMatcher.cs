using FaceCluster.Detection;

namespace FaceCluster.Xmp;

/// <summary>
/// Lays named regions over detected faces: the pairs that overlap most are matched first, each face takes at most one
/// region and each region names at most one face, and a pair overlapping less than <see cref="MinOverlap"/> is no match.
/// </summary>
public static class RegionMatcher
{
    /// <summary>Intersection over union a region and a face need; tools draw boxes larger or smaller than the detector.</summary>
    public const float MinOverlap = 0.3f;

    /// <returns>The name of each face (null where no region matched), in the order of <paramref name="faces"/>.</returns>
    public static string?[] Match(IReadOnlyList<FaceBox> faces, IReadOnlyList<NamedBox> regions)
    {
        var names = new string?[faces.Count];
        var pairs = from f in Enumerable.Range(0, faces.Count)
                    from r in Enumerable.Range(0, regions.Count)
                    let overlap = faces[f].IntersectionOverUnion(regions[r].Box)
                    where overlap >= MinOverlap
                    orderby overlap descending, f, r
                    select (Face: f, Region: r);
        var used = new HashSet<int>();
        foreach (var (face, region) in pairs)
        {
            if (names[face] is null && used.Add(region))
            {
                names[face] = regions[region].Name;
            }
        }

        return names;
    }
}
