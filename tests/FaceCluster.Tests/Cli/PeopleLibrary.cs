using FaceCluster.Storage;
using FaceCluster.Tests.Storage;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// A real library file with two people of two faces each, written through the store (no models needed); its two
/// photo files exist beside the database, so 'doctor' finds it healthy.
/// </summary>
internal sealed record PeopleLibrary(string Database, long First, long Second, IReadOnlyList<long> Faces)
{
    public static PeopleLibrary Create(string database)
    {
        var photos = new[] { "a.jpg", "b.jpg" }.Select(name => Path.Combine(Path.GetDirectoryName(database)!, name)).ToList();
        photos.ForEach(photo => File.WriteAllBytes(photo, []));
        using var store = SqliteFaceStore.Open(database);
        store.SaveOutcomes([StoreTestData.Photo(photos[0], 2), StoreTestData.Photo(photos[1], 2, seed: 1)], runId: 1);
        var faces = store.ReadFaces("faceapi").Select(f => f.Id).ToList();
        var people = store.ApplyGrouping("faceapi", [new PersonAssignment(null, [faces[0], faces[2]]), new PersonAssignment(null, [faces[1], faces[3]])]);
        return new PeopleLibrary(database, people[0], people[1], faces);
    }

    public PersonRecord Person(long id)
    {
        using var store = SqliteFaceStore.Open(Database);
        return store.LoadPeople("faceapi").Single(p => p.Id == id);
    }
}
