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
            var fix = parse.GetValue(_fix);
            using var library = cli.OpenLibrary(parse.GetValue(_db), null, fix ? LibraryAccess.Write("doctor --fix") : LibraryAccess.Read);
            var doctor = new LibraryDoctor(library.Store);
            DoctorChecks.AddIndexCheck(doctor, library.Store, cli.Settings, library.Location.SidecarBase);
            var findings = doctor.Examine(fix);
            foreach (var finding in findings)
            {
                cli.WriteLine($"{(finding.Fixed ? "fixed" : "PROBLEM"),-8} {finding.Check}: {finding.Problem}");
            }

            var open = findings.Count(f => !f.Fixed);
            if (findings.Count == 0)
            {
                cli.WriteLine($"library is healthy");
            }
            else
            {
                cli.WriteLine($"{findings.Count} problem(s), {open} left");
            }

            return open == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
        });
    }
}
