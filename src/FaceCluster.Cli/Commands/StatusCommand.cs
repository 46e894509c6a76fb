using System.CommandLine;
using System.Text.Json;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster status [--db FILE] [--json]</c>: what the library holds and what the last run did.</summary>
public sealed class StatusCommand : Command
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

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
            var report = new
            {
                database = library.Location.Display,
                schemaVersion = status.SchemaVersion,
                photos = status.Photos,
                photosFailed = status.PhotosFailed,
                photosMissing = status.PhotosMissing,
                faces = status.Faces,
                profile = status.Profiles.Count == 1 ? status.Profiles[0] : string.Join(",", status.Profiles),
                lastRun = run is null ? null : new
                {
                    run.Kind,
                    run.Status,
                    startedAt = run.StartedAt,
                    endedAt = run.EndedAt,
                    seconds = Math.Round(run.Seconds, 3),
                    run.FilesSeen,
                    run.FilesNew,
                    run.FilesChanged,
                    run.FilesUnchanged,
                    run.FilesFailed,
                    run.FilesMissing,
                    run.FacesAdded,
                    stageSeconds = run.StageSeconds,
                },
            };

            if (parse.GetValue(_json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(report, Json));
                return ExitCodes.Success;
            }

            cli.WriteLine($"library   {report.database} (schema {report.schemaVersion})");
            cli.WriteLine($"photos    {report.photos} ({report.photosFailed} failed, {report.photosMissing} missing)");
            cli.WriteLine($"faces     {report.faces} (profile {report.profile})");
            if (run is not null)
            {
                cli.WriteLine($"last run  {run.Kind} {run.Status} at {run.StartedAt:u}: {run.FilesSeen} seen, {run.FilesNew} new, {run.FilesChanged} changed, " +
                    $"{run.FilesUnchanged} unchanged, {run.FilesFailed} failed, {run.FacesAdded} faces in {run.Seconds:0.0}s");
            }

            return ExitCodes.Success;
        });
    }
}
