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
            var database = GroupCommand.RequireDatabase(parse.GetValue(_db) ?? cli.Settings.Database);
            var path = parse.GetValue(_out)!;
            var target = ExportTarget.Resolve(path, database);
            using var store = SqliteFaceStore.Open(database);
            var export = LibraryExport.Read(store, parse.GetValue(_profile) ?? cli.Settings.Profile);
            ExportFile.Write(export, parse.GetValue(_format)!, target);
            cli.Output.WriteLine($"exported {export.People.Count} people, {export.People.Sum(p => p.Faces.Count)} faces, {export.Unassigned.Count} unassigned to {Path.GetFullPath(path)}");
            return ExitCodes.Success;
        });
    }
}
