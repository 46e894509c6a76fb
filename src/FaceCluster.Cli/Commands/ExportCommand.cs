using System.CommandLine;
using FaceCluster.Export;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster export --format json|csv|html --out PATH</c>.</summary>
public sealed class ExportCommand : Command
{
    private readonly Option<string> _format = new("--format") { Description = "json, csv or html (a static gallery that opens from disk).", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "The file to write.", Required = true };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();

    public ExportCommand(Func<ParseResult, CliContext> context)
        : base("export", "Export people and their faces as JSON, CSV or an HTML gallery.")
    {
        _format.AcceptOnlyFromAmong([.. ExportFile.Formats]);
        Options.Add(_format);
        Options.Add(_out);
        Options.Add(_db);
        Options.Add(_profile);
        SetAction(parse =>
        {
            var cli = context(parse);
            var path = parse.GetValue(_out)!;

            // The target is checked against the library's files before the library is opened (which may create some).
            var target = ExportTarget.Resolve(path, cli.DatabasePath(parse.GetValue(_db)));
            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read);
            var export = LibraryExport.Read(library.Store, library.ProfileName);
            ExportFile.Write(export, parse.GetValue(_format)!, target);
            cli.WriteLine($"exported {export.People.Count} people, {export.People.Sum(p => p.Faces.Count)} faces, {export.Unassigned.Count} unassigned to {Path.GetFullPath(path)}");
            return ExitCodes.Success;
        });
    }
}
