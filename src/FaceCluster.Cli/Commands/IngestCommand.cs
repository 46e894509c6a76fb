using System.CommandLine;
using FaceCluster.Analysis;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster ingest PATH... [--db FILE] [--profile NAME] [--prune]</c>.</summary>
public sealed class IngestCommand : Command
{
    private readonly Argument<string[]> _paths = new("PATH") { Description = "Photo folders or files.", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _prune = new("--prune") { Description = "Remove photos (and their faces) whose files are gone." };

    public IngestCommand(Func<ParseResult, CliContext> context)
        : base("ingest", "Find, align, embed and store every face under the given paths; unchanged photos are skipped.")
    {
        Arguments.Add(_paths);
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_prune);
        SetAction((parse, ct) => ExecuteAsync(context(parse), parse, ct));
    }

    private async Task<int> ExecuteAsync(CliContext cli, ParseResult parse, CancellationToken cancellationToken)
    {
        var runtime = FaceModels.StartRuntime();
        try
        {
            var settings = cli.Settings;
            var paths = parse.GetValue(_paths)!;
            var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
            {
                throw new Configuration.ConfigurationException($"no such file or folder: {string.Join(", ", missing)}");
            }

            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Ingest);
            await runtime;
            using var models = FaceModels.Load(settings, library.ProfileName);
            var pipeline = new IngestPipeline(library.Store, models, settings.Ingest, warning => cli.Warn($"{warning}"));
            var summary = await IngestProgressReporter.RunAsync(cli, pipeline.Counters,
                () => pipeline.RunAsync(paths, parse.GetValue(_prune), cancellationToken), cli.Interactive);

            Print(cli, summary);
            return summary.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
        }
        finally
        {
            // A refused start (locked library, missing folder) must not exit while ONNX Runtime is still starting on
            // another thread: its native teardown then crashes the process (exit 139 instead of the refusal's code).
            await runtime.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static void Print(CliContext cli, IngestSummary summary)
    {
        var run = summary.Run;
        var stages = string.Join(", ", run.StageSeconds.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:0.0}s"));
        cli.WriteLine(
            $"ingest {run.Status}: {run.FilesSeen} files seen, {run.FilesNew} new, {run.FilesChanged} changed, {run.FilesUnchanged} unchanged, " +
            $"{run.FilesFailed} failed, {run.FilesMissing} missing{(summary.Pruned > 0 ? $" ({summary.Pruned} pruned)" : "")}; " +
            $"{run.FacesAdded} faces; {run.Seconds:0.0}s ({stages})");
    }
}
