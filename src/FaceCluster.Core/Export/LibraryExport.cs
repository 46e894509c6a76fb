using FaceCluster.Storage;

namespace FaceCluster.Export;

/// <summary>The people of a library and their faces, as every export format shows them.</summary>
public sealed record LibraryExport(string Profile, IReadOnlyList<ExportedPerson> People, IReadOnlyList<ExportedFace> Unassigned)
{
    public static LibraryExport Read(IFaceStore store, string profile)
    {
        var assignments = store.LoadAssignments(profile);
        var faces = store.ReadFaces(profile)
            .Select(f => (Person: assignments.TryGetValue(f.Id, out var p) ? p : (long?)null,
                Face: new ExportedFace(f.Id, f.PhotoPath, f.Box.ToArray(), f.Score)))
            .ToList();
        var byPerson = faces.Where(f => f.Person is not null).ToLookup(f => f.Person!.Value, f => f.Face);
        var people = store.LoadPeople(profile)
            .Where(p => p.MergedInto is null && byPerson.Contains(p.Id))
            .OrderByDescending(p => byPerson[p.Id].Count()).ThenBy(p => p.Id)
            .Select(p => new ExportedPerson(p.Id, p.Name, byPerson[p.Id].ToList()))
            .ToList();
        return new LibraryExport(profile, people, faces.Where(f => f.Person is null).Select(f => f.Face).ToList());
    }
}

public sealed record ExportedPerson(long Id, string? Name, IReadOnlyList<ExportedFace> Faces);

/// <param name="Box">[x, y, width, height] in photo pixels.</param>
public sealed record ExportedFace(long FaceId, string Path, float[] Box, float Score);
