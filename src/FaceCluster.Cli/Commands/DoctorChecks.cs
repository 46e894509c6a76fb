using FaceCluster.Configuration;
using FaceCluster.Grouping;
using FaceCluster.Maintenance;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary>Wires the checks of derived files (the HNSW index beside the database) into the doctor.</summary>
internal static class DoctorChecks
{
    public static void AddIndexCheck(LibraryDoctor doctor, IFaceStore store, FaceClusterSettings settings, string database)
    {
        doctor.ExtraChecks.Add(fix =>
        {
            var findings = new List<DoctorFinding>();
            foreach (var profile in store.GetStatus().Profiles)
            {
                var index = new FaceIndexStore(database, profile, settings.Grouping.Hnsw);
                if (!File.Exists(index.IndexPath))
                {
                    continue;
                }

                var faces = store.ReadFaces(profile).ToList();
                var dimension = faces.Count > 0 ? faces[0].Embedding.Length : 0;
                var ids = faces.Select(f => f.Id).ToArray();
                var embeddings = faces.SelectMany(f => f.Embedding).ToArray();
                if (index.IsConsistent(ids, embeddings, dimension))
                {
                    continue;
                }

                var repaired = false;
                if (fix)
                {
                    // The index is a cache of the database: rebuilding it from the stored embeddings loses nothing.
                    index.Delete();
                    if (faces.Count > 0)
                    {
                        index.Open(ids, embeddings, dimension).Index.Dispose();
                    }

                    repaired = true;
                }

                findings.Add(new DoctorFinding("index", $"{Path.GetFileName(index.IndexPath)} does not match the {faces.Count} stored {profile} faces (ids or vectors)", repaired));
            }

            return findings;
        });
    }
}
