using System.CommandLine;
using FaceCluster.Configuration;
using FaceCluster.Export;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary>
/// <c>facecluster export --format json|csv|html --out PATH</c>, and <c>facecluster export --format xmp
/// [--sidecar-name ext|replace] [--dry-run]</c>, which writes a sidecar beside each photo with named faces.
/// </summary>
public sealed class ExportCommand : Command
{
    private readonly Option<string> _format = new("--format") { Description = "json, csv, html (a static gallery that opens from disk) or xmp (sidecars beside the photos).", Required = true };
    private readonly Option<string?> _out = new("--out") { Description = "The file to write (json, csv, html; xmp writes sidecars beside the photos and takes none)." };
    private readonly Option<string> _sidecarName = new("--sidecar-name") { Description = "xmp: ext writes photo.jpg.xmp (digiKam, darktable), replace writes photo.xmp (Lightroom).", DefaultValueFactory = _ => "ext" };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "xmp: list the sidecars that would be created or updated; write nothing." };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();

    public ExportCommand(Func<ParseResult, CliContext> context)
        : base("export", "Export people and their faces as JSON, CSV, an HTML gallery or XMP sidecars.")
    {
        _format.AcceptOnlyFromAmong([.. ExportFile.Formats, "xmp"]);
        _sidecarName.AcceptOnlyFromAmong("ext", "replace");
        Options.Add(_format);
        Options.Add(_out);
        Options.Add(_sidecarName);
        Options.Add(_dryRun);
        Options.Add(_db);
        Options.Add(_profile);
        SetAction(parse =>
        {
            var cli = context(parse);
            var format = parse.GetValue(_format)!;
            var path = parse.GetValue(_out);
            if (format == "xmp")
            {
                if (path is not null)
                {
                    throw new ConfigurationException("--out is not used with --format xmp: sidecars are written beside the photos");
                }

                return Sidecars(cli, parse);
            }

            if (path is null)
            {
                throw new ConfigurationException($"--format {format} needs --out FILE");
            }

            if (parse.GetValue(_dryRun) || parse.GetResult(_sidecarName) is { Implicit: false })
            {
                throw new ConfigurationException("--dry-run and --sidecar-name apply to --format xmp only");
            }

            // The target is checked against the library's files before the library is opened (which may create some).
            var target = ExportTarget.Resolve(path, cli.Location(parse.GetValue(_db)).SidecarBase);
            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read);
            var export = LibraryExport.Read(library.Store, library.ProfileName);
            ExportFile.Write(export, format, target);
            cli.WriteLine($"exported {export.People.Count} people, {export.People.Sum(p => p.Faces.Count)} faces, {export.Unassigned.Count} unassigned to {Path.GetFullPath(path)}");
            return ExitCodes.Success;
        });
    }

    private int Sidecars(CliContext cli, ParseResult parse)
    {
        var dryRun = parse.GetValue(_dryRun);
        var naming = parse.GetValue(_sidecarName) == "replace" ? SidecarNaming.Replace : SidecarNaming.Extension;
        LibraryExport export;
        using (var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read))
        {
            export = LibraryExport.Read(library.Store, library.ProfileName);
        }

        var changes = XmpExport.Run(export, naming, write: !dryRun);
        foreach (var change in changes)
        {
            if (change.Problem is null)
            {
                cli.WriteLine($"{(dryRun ? "would " : "")}{change.Action} {change.Sidecar} ({string.Join(", ", change.Names)})");
            }
            else
            {
                cli.WriteLine($"skip {change.Sidecar}: {change.Problem}");
            }
        }

        var written = changes.Count(c => c.Action is "create" or "update");
        cli.WriteLine($"{(dryRun ? "dry run: would write" : "wrote")} {written} sidecars ({changes.Count(c => c.Action == "unchanged")} unchanged, {changes.Count(c => c.Problem is not null)} skipped) for {changes.Sum(c => c.Names.Count)} named faces");
        return ExitCodes.Success;
    }
}
