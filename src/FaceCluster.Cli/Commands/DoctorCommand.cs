using System.CommandLine;
using FaceCluster.Maintenance;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster doctor [--db FILE] [--fix]</c>: examine (and repair) the library.</summary>
public sealed class DoctorCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<bool> _fix = new("--fix") { Description = "Repair what can be repaired safely (never the user's names, merges or rejections)." };

    public DoctorCommand(Func<ParseResult, CliContext> context)
        : base("doctor", "Check the library: SQLite integrity, orphan faces, missing photos, interrupted runs, index vs database.")
    {
        Options.Add(_db);
        Options.Add(_fix);
        SetAction(parse =>
        {
            var cli = context(parse);
            var database = parse.GetValue(_db) ?? cli.Settings.Database;
            if (!File.Exists(database))
            {
                throw new Configuration.ConfigurationException($"no library database at {Path.GetFullPath(database)}");
            }

            var fix = parse.GetValue(_fix);
            using var runLock = fix ? cli.AcquireLock(database, "doctor --fix") : null;
            using var store = SqliteFaceStore.Open(database);
            var doctor = new LibraryDoctor(store);
            DoctorChecks.AddIndexCheck(doctor, store, cli.Settings, database);
            var findings = doctor.Examine(fix);
            foreach (var finding in findings)
            {
                cli.Output.WriteLine($"{(finding.Fixed ? "fixed" : "PROBLEM"),-8} {finding.Check}: {finding.Problem}");
            }

            var open = findings.Count(f => !f.Fixed);
            cli.Output.WriteLine(findings.Count == 0 ? "library is healthy" : $"{findings.Count} problem(s), {open} left");
            return open == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
        });
    }
}
