using FaceCluster.Analysis;
using FaceCluster.Configuration;
using FaceCluster.Evaluation;
using FaceCluster.Grouping;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary>
/// <c>lfw --cluster</c>: ingests the LFW images of people with at least N images into a library of its own (incremental,
/// so a second run only groups), groups them with the real <c>group</c> code path, and scores the people found against
/// the folder names.
/// </summary>
internal static class LfwClusterRun
{
    public static async Task<int> ExecuteAsync(
        CliContext cli,
        FaceModels models,
        FaceClusterSettings settings,
        string lfwDir,
        int minImages,
        string database,
        (float Value, string Source) threshold,
        string? jsonPath,
        CancellationToken cancellationToken)
    {
        var people = Directory.GetDirectories(lfwDir).Where(d => Directory.GetFiles(d).Length >= minImages).Order(StringComparer.Ordinal).ToList();
        using var library = cli.OpenLibrary(database, models.ProfileName, LibraryAccess.Create("lfw --cluster"));
        var store = library.Store;
        var ingest = await new IngestPipeline(store, models, settings.Ingest).RunAsync(people, prune: true, cancellationToken);
        if (ingest.Cancelled)
        {
            return ExitCodes.Cancelled;
        }

        var grouping = new PeopleGrouping(store, library.Location.SidecarBase, models.ProfileName, settings.Grouping with { Threshold = threshold.Value }).Run(threshold.Source, cancellationToken);

        // LFW labels one face per image, the one in the middle: score exactly those (13,233 on all of LFW). Other faces in
        // the photos are grouped like any face but have no ground truth.
        var faces = store.ReadFaces(models.ProfileName).GroupBy(f => f.PhotoPath).Select(CentreFace).ToList();
        var assignments = store.LoadAssignments(models.ProfileName);
        var names = faces.Select(f => Truth(f.PhotoPath)).Distinct(StringComparer.Ordinal).Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
        var labels = assignments.Values.Distinct().Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var report = ClusteringMetrics.Evaluate(
            faces.Select(f => names[Truth(f.PhotoPath)]).ToArray(),
            faces.Select(f => assignments.TryGetValue(f.Id, out var p) ? labels[p] : ClusteringMetrics.Unassigned).ToArray());

        var table = new Table().AddColumns("metric", "value");
        table.AddRow("people (folders)", $"{people.Count} with ≥ {minImages} images; {ingest.Run.FilesSeen} photos, {faces.Count} labelled (centre) faces scored");
        table.AddRow("clusters", $"{report.PredictedClusters} ({report.UnassignedItems} faces unassigned) vs {report.TrueClasses} people");
        table.AddRow("pairwise P / R / F", $"{report.PairwisePrecision:0.0000} / {report.PairwiseRecall:0.0000} / {report.PairwiseF1:0.0000}");
        table.AddRow("BCubed P / R / F", $"{report.BCubedPrecision:0.0000} / {report.BCubedRecall:0.0000} / {report.BCubedF1:0.0000}");
        table.AddRow("NMI", $"{report.Nmi:0.0000}");
        table.AddRow("threshold", $"{threshold.Value:0.000} ({threshold.Source})");
        table.AddRow("seconds", $"ingest {ingest.Run.Seconds:0.0}, group {grouping.Seconds:0.0} ({grouping.IndexAction})");
        cli.Console.Write(table);

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, System.Text.Json.JsonSerializer.Serialize(new LfwClusterJson(
                models.ProfileName, minImages, people.Count, ingest.Run.FilesSeen, faces.Count, report.PredictedClusters, report.UnassignedItems,
                report.PairwisePrecision, report.PairwiseRecall, report.PairwiseF1, report.BCubedPrecision, report.BCubedRecall, report.BCubedF1,
                report.Nmi, threshold.Value, ingest.Run.Seconds, grouping.Seconds), JsonOutput.Default.LfwClusterJson));
        }

        return ExitCodes.Success;
    }

    private static StoredFace CentreFace(IGrouping<string, StoredFace> photo)
    {
        var info = SixLabors.ImageSharp.Image.Identify(photo.Key);
        return photo.MinBy(f => f.Box.CentreDistanceSquared(info.Width / 2.0, info.Height / 2.0))!;
    }

    private static string Truth(string photoPath) => Path.GetFileName(Path.GetDirectoryName(photoPath))!;
}
