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
        var findings = Integrity(fix);
        if (findings.Any(f => !f.Fixed))
        {
            // Queries over a damaged file fail or mislead; the other checks wait until the database itself is sound.
            findings.Add(new DoctorFinding("other checks", "skipped until the database is repaired (restore a backup, or sqlite3's .recover)", false));
            return findings;
        }

        var orphans = store.CountOrphanFaces();
        if (orphans > 0)
        {
            findings.Add(new DoctorFinding("orphan faces", $"{orphans} faces belong to no photo", fix && store.DeleteOrphanFaces() == orphans));
        }

        // After the orphans' repair, so the faces it deleted are not reported again.
        findings.AddRange(store.CheckReferences().Select(p => new DoctorFinding("references", p, false)));

        var gone = store.LoadPhotoIndex().Values
            .Where(p => p.Status != PhotoStatus.Missing && !p.Path.Contains('\uFFFD', StringComparison.Ordinal) && !FileNames.Exists(p.Path))
            .Select(p => p.Path)
            .ToList();
        if (gone.Count > 0)
        {
            var sample = string.Join(", ", gone.Take(3)) + (gone.Count > 3 ? ", …" : "");
            var marked = fix ? store.MarkMissing(gone) : 0;
            var problem = $"{gone.Count} photos are gone from disk ({sample})" + (fix ? $"; {marked} marked missing" : "");
            findings.Add(new DoctorFinding("missing photos", problem, fix && marked == gone.Count));
        }

        foreach (var run in store.UnfinishedRuns())
        {
            var isFixed = fix && store.EndRun(run with { Status = "interrupted", EndedAt = DateTimeOffset.UtcNow });

            findings.Add(new DoctorFinding("unfinished runs", $"{run.Kind} run {run.Id} started {run.StartedAt:u} never finished (killed?)", isFixed));
        }

        foreach (var check in ExtraChecks)
        {
            findings.AddRange(check(fix));
        }

        return findings;
    }

    /// <summary>
    /// The database's own check. With fix, damaged indexes are rebuilt (an index holds only copies of its table's
    /// rows) and the check runs again; damage that remains (in the tables) needs a backup or sqlite3's .recover.
    /// </summary>
    private List<DoctorFinding> Integrity(bool fix)
    {
        var damage = store.CheckIntegrity();
        if (damage.Count == 0 || !fix)
        {
            return damage.Select(p => new DoctorFinding("integrity", p, false)).ToList();
        }

        IReadOnlyList<string> left;
        try
        {
            store.RebuildIndexes();
            left = store.CheckIntegrity();
        }
        catch (StoreException ex)
        {
            left = [.. damage, ex.Message];
        }

        return left.Count == 0
            ? damage.Select(p => new DoctorFinding("integrity", $"{p} (indexes rebuilt)", true)).ToList()
            : left.Select(p => new DoctorFinding("integrity", p, false)).ToList();
    }
}
