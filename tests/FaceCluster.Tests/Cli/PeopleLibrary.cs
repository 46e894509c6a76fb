using FaceCluster.Storage;
using FaceCluster.Tests.Storage;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// A real library (an SQLite file or a PostgreSQL database) with two people of two faces each, written through the
/// store (no models needed); its two photo files exist in <c>photoFolder</c> (by default beside an SQLite file), so
/// 'doctor' finds it healthy.
/// </summary>
internal sealed record PeopleLibrary(string Database, long First, long Second, IReadOnlyList<long> Faces)
{
    public static PeopleLibrary Create(string database, string? photoFolder = null)
    {
        var folder = photoFolder ?? Path.GetDirectoryName(database)!;
        var photos = new[] { "a.jpg", "b.jpg" }.Select(name => Path.Combine(folder, name)).ToList();
        photos.ForEach(photo => File.WriteAllBytes(photo, []));
        using var store = LibraryStores.Open(LibraryLocation.Parse(database), mayCreate: true);
        store.SaveOutcomes([StoreTestData.Photo(photos[0], 2), StoreTestData.Photo(photos[1], 2, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[2]]), new PersonAssignment(null, [faces[1], faces[3]])]);
        return new PeopleLibrary(database, people[0], people[1], faces);
    }

    public PersonRecord Person(long id)
    {
        using var store = LibraryStores.Open(LibraryLocation.Parse(Database), mayCreate: false);
        return store.LoadPeople("faceapi").Single(p => p.Id == id);
    }
}
