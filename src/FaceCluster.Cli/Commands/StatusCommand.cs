using System.CommandLine;
using System.Text.Json;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster status [--db FILE] [--json]</c>: what the library holds and what the last run did.</summary>
public sealed class StatusCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<bool> _json = CommonOptions.Json();

    public StatusCommand(Func<ParseResult, CliContext> context)
        : base("status", "Show the stored library: photos, failures, faces, profile and the last run.")
    {
        Options.Add(_db);
        Options.Add(_json);
        SetAction(parse =>
        {
            var cli = context(parse);
            using var library = cli.OpenLibrary(parse.GetValue(_db), null, LibraryAccess.Read);
            var store = library.Store;
            var status = store.GetStatus();
            var run = status.LastRun;
            var report = new StatusJson(
                library.Location.Display,
                status.SchemaVersion,
                status.Photos,
                status.PhotosFailed,
                status.PhotosMissing,
                status.Faces,
                status.Profiles.Count == 1 ? status.Profiles[0] : string.Join(",", status.Profiles),
                run is null ? null : new StatusRunJson(
                    run.Kind, run.Status, run.StartedAt, run.EndedAt, Math.Round(run.Seconds, 3), run.FilesSeen, run.FilesNew, run.FilesChanged,
                    run.FilesUnchanged, run.FilesFailed, run.FilesMissing, run.FacesAdded, run.StageSeconds));

            if (parse.GetValue(_json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(report, JsonOutput.Default.StatusJson));
                return ExitCodes.Success;
            }

            cli.WriteLine($"library   {report.Database} (schema {report.SchemaVersion})");
            cli.WriteLine($"photos    {report.Photos} ({report.PhotosFailed} failed, {report.PhotosMissing} missing)");
            cli.WriteLine($"faces     {report.Faces} (profile {report.Profile})");
            if (run is not null)
            {
                cli.WriteLine($"last run  {run.Kind} {run.Status} at {run.StartedAt:u}: {run.FilesSeen} seen, {run.FilesNew} new, {run.FilesChanged} changed, " +
                    $"{run.FilesUnchanged} unchanged, {run.FilesFailed} failed, {run.FacesAdded} faces in {run.Seconds:0.0}s");
            }

            return ExitCodes.Success;
        });
    }
}
