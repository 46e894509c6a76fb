using FaceCluster.Configuration;
using FaceCluster.Maintenance;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary>Wires the checks of derived files (the search index) into the doctor.</summary>
internal static class DoctorChecks
{
    public static void AddIndexCheck(LibraryDoctor doctor, IFaceStore store, FaceClusterSettings settings, string database)
    {
        // The index check joins here once grouping keeps an index beside the database.
        _ = doctor;
        _ = store;
        _ = settings;
        _ = database;
    }
}
