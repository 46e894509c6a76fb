using FaceCluster.Scanning;
using FaceCluster.Storage;

namespace FaceCluster.Maintenance;

/// <summary>
/// Examines a library: the database's own integrity check, orphan faces, photos gone from disk, runs that died, and
/// (through <see cref="ExtraChecks"/>) derived files such as the search index. With fix, repairs what is safe to repair;
/// it never touches the user's names, merges or rejections.
/// </summary>
public sealed class LibraryDoctor(IFaceStore store)
{
    /// <summary>Further checks (e.g. index vs database) contributed by other parts; each returns its findings.</summary>
    public List<Func<bool, IEnumerable<DoctorFinding>>> ExtraChecks { get; } = [];

    public IReadOnlyList<DoctorFinding> Examine(bool fix)
    {
        var findings = new List<DoctorFinding>();
        foreach (var problem in store.CheckIntegrity())
        {
            // Not repairable in place: the user restores a backup or runs sqlite3's .recover.
            findings.Add(new DoctorFinding("integrity", problem, false));
        }

        var orphans = store.CountOrphanFaces();
        if (orphans > 0)
        {
            findings.Add(new DoctorFinding("orphan faces", $"{orphans} faces belong to no photo", fix && store.DeleteOrphanFaces() == orphans));
        }

        var gone = store.LoadPhotoIndex().Values
            .Where(p => p.Status != PhotoStatus.Missing && !p.Path.Contains('\uFFFD', StringComparison.Ordinal) && !FileNames.Exists(p.Path))
            .Select(p => p.Path)
            .ToList();
        if (gone.Count > 0)
        {
            var sample = string.Join(", ", gone.Take(3)) + (gone.Count > 3 ? ", …" : "");
            findings.Add(new DoctorFinding("missing photos", $"{gone.Count} photos are gone from disk ({sample})", fix && store.MarkMissing(gone) >= 0));
        }

        foreach (var run in store.UnfinishedRuns())
        {
            var isFixed = false;
            if (fix)
            {
                store.EndRun(run with { Status = "interrupted", EndedAt = DateTimeOffset.UtcNow });
                isFixed = true;
            }

            findings.Add(new DoctorFinding("unfinished runs", $"{run.Kind} run {run.Id} started {run.StartedAt:u} never finished (killed?)", isFixed));
        }

        foreach (var check in ExtraChecks)
        {
            findings.AddRange(check(fix));
        }

        return findings;
    }
}
