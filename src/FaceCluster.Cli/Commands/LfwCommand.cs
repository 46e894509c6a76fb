using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceCluster.Analysis;
using FaceCluster.Embedding;
using FaceCluster.Evaluation;
using FaceCluster.Lfw;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary>
/// <c>facecluster lfw --lfw-dir DIR --pairs FILE [--profile NAME] [--flip] [--json OUT] [--roc OUT.png] [--write-threshold]</c>:
/// davidsandberg/facenet's validate_on_lfw protocol on the configured models.
/// </summary>
public sealed class LfwCommand : Command
{
    private readonly Option<string> _lfwDir = new("--lfw-dir") { Description = "LFW images folder (Name/Name_0001.jpg).", Required = true };
    private readonly Option<string?> _pairs = new("--pairs") { Description = "pairs.txt (10 folds of 300 same + 300 different pairs)." };
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _flip = new("--flip") { Description = "Each embedding is the normalised sum of the image's and its mirror's." };
    private readonly Option<string?> _json = new("--json") { Description = "Write the results as JSON to this file." };
    private readonly Option<string?> _roc = new("--roc") { Description = "Write the ROC curve as this PNG (and a CSV beside it)." };
    private readonly Option<bool> _writeThreshold = new("--write-threshold") { Description = "Store the calibrated threshold for the profile in the library, where 'group' reads it." };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _cache = new("--cache") { Description = "Embedding cache file (default: lfw-cache.db beside the library database)." };
    private readonly Option<string?> _weights = new("--weights")
    {
        Description = "For a fused profile: evaluate its cached embeddings re-weighted, one weight per embedder (e.g. 0.6,0.4; 0 leaves one out), without embedding again.",
    };

    private readonly Option<bool> _cluster = new("--cluster")
    {
        Description = "Measure clustering quality on the LFW images with the real ingest and group code path (its own library, lfw-cluster.PROFILE.db beside --db).",
    };
    private readonly Option<int> _minImages = new("--min-images") { Description = "With --cluster: only people with at least this many images.", DefaultValueFactory = _ => 1 };

    public LfwCommand(Func<ParseResult, CliContext> context)
        : base("lfw", "Measure and calibrate the model profile on LFW (validate_on_lfw protocol), or its clustering quality.")
    {
        foreach (var option in new Option[] { _lfwDir, _pairs, _profile, _flip, _json, _roc, _writeThreshold, _db, _cache, _weights, _cluster, _minImages })
        {
            Options.Add(option);
        }

        SetAction((parse, ct) => ExecuteAsync(context(parse), parse, ct));
    }

    private async Task<int> ExecuteAsync(CliContext cli, ParseResult parse, CancellationToken cancellationToken)
    {
        var settings = cli.Settings;
        var lfwDir = parse.GetValue(_lfwDir)!;
        if (!Directory.Exists(lfwDir))
        {
            throw new Configuration.ConfigurationException($"LFW folder {lfwDir} does not exist");
        }

        var database = parse.GetValue(_db) ?? settings.Database;
        var location = cli.Location(database);
        // The cache and the clustering library are local SQLite files: beside the library file, or beside a server
        // library's local index files.
        var beside = Path.GetDirectoryName(location.SidecarBase)!;
        using var models = FaceModels.Load(settings, parse.GetValue(_profile));
        using var cache = new EmbeddingCache(parse.GetValue(_cache) ?? Path.Combine(beside, "lfw-cache.db"));
        if (parse.GetValue(_cluster))
        {
            var clusterDb = Path.Combine(beside, $"lfw-cluster.{models.ProfileName}.db");
            var threshold = (models.Profile.Threshold, "appsettings.json");
            if (location.IsServer || File.Exists(location.Target))
            {
                using var library = cli.OpenLibrary(database, models.ProfileName, LibraryAccess.Read);
                threshold = CalibratedThreshold.Resolve(library.Store, library.ProfileName, models.Profile);
            }

            return await LfwClusterRun.ExecuteAsync(cli, models, settings, lfwDir, parse.GetValue(_minImages), clusterDb, threshold, parse.GetValue(_json), cancellationToken);
        }

        var pairsPath = parse.GetValue(_pairs) ?? throw new Configuration.ConfigurationException("--pairs is required (or use --cluster)");
        if (!File.Exists(pairsPath))
        {
            throw new Configuration.ConfigurationException($"pairs file {pairsPath} does not exist");
        }

        LfwPairsFile pairs;
        try
        {
            pairs = LfwPairsFile.Parse(pairsPath, lfwDir);
        }
        catch (LfwPairsFormatException ex)
        {
            throw new Configuration.ConfigurationException(ex.Message);
        }

        if (pairs.FoldCount < 2)
        {
            throw new Configuration.ConfigurationException($"pairs file {pairsPath} has {pairs.FoldCount} fold; the protocol's cross-validation needs at least 2");
        }

        var weights = Weights(parse.GetValue(_weights), models, parse.GetValue(_writeThreshold));
        var flip = parse.GetValue(_flip);
        var paths = pairs.Pairs.SelectMany(p => new[] { p.PathA, p.PathB }).Distinct().ToList();
        var embeddings = await new LfwEmbedder(models, cache, settings.Ingest.DecodeWorkers)
            .EmbedAsync(paths, flip, done => { if (!cli.Interactive && done % 1000 == 0) { cli.WriteLine($"lfw: {done}/{paths.Count} images embedded"); } }, cancellationToken);

        var parts = EvaluateParts(models, pairs, embeddings);
        if (weights is not null)
        {
            embeddings = embeddings with { ByPath = embeddings.ByPath.ToDictionary(e => e.Key, e => models.Embedder.Reweighted(e.Value, weights)) };
        }

        var a = pairs.Pairs.Select(p => embeddings.ByPath[p.PathA]).ToList();
        var b = pairs.Pairs.Select(p => embeddings.ByPath[p.PathB]).ToList();
        var distances = VerificationMetrics.SquaredDistances(a, b);
        var report = VerificationMetrics.Evaluate(distances, pairs.GetIsSame(), pairs.GetFolds(), VerificationOptions.Default with { Folds = pairs.FoldCount });

        var profile = weights is null ? models.ProfileName : $"{models.ProfileName} weighted {string.Join(",", weights)}";
        Print(cli, report, profile, flip, embeddings, pairs.SkippedPairCount);
        PrintParts(cli, parts);
        if (parse.GetValue(_roc) is { } roc)
        {
            var csv = RocOutput.Write(report, roc, $"LFW ROC, profile {profile}{(flip ? " + flip" : "")}: AUC {report.Auc:0.0000}");
            cli.WriteLine($"roc       {Path.GetFullPath(roc)} ({csv})");
        }

        if (parse.GetValue(_json) is { } jsonPath)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new LfwJson(
                report.Accuracy, report.AccuracyStd, report.ValAtFar, report.ValStd, report.Far, report.Auc, report.Eer, report.Threshold,
                report.FoldThresholds, report.FoldAccuracies, report.Pairs, pairs.SkippedPairCount, embeddings.ByPath.Count, embeddings.Fallbacks,
                profile, models.Fingerprint, flip, Math.Round(embeddings.Seconds, 2), embeddings.FromCache,
                [.. parts.Select(p => new LfwPartJson(p.Part.Name, p.Part.Weight, p.Part.Dimension, p.Report.Accuracy, p.Report.Auc, p.Report.Eer, p.Report.Threshold))]),
                JsonOutput.Default.LfwJson));
        }

        if (parse.GetValue(_writeThreshold))
        {
            using var library = cli.OpenLibrary(database, profile, LibraryAccess.Create("lfw --write-threshold"));
            library.Store.SetSetting(CalibratedThreshold.Key(profile), report.Threshold.ToString("R", CultureInfo.InvariantCulture));
            cli.WriteLine($"threshold {report.Threshold:0.000} stored for profile {profile} in {library.Location.Display}");
        }

        return ExitCodes.Success;
    }

    /// <summary>The --weights of a fused profile, checked; null when not given.</summary>
    private static float[]? Weights(string? text, FaceModels models, bool writeThreshold)
    {
        if (text is null)
        {
            return null;
        }

        var weights = text.Split(',').Select(w => float.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && float.IsFinite(v) ? v : -1).ToArray();
        if (!models.Embedder.IsFused || weights.Length != models.Embedder.Parts.Count || weights.Any(w => w < 0) || weights.Sum() <= 0)
        {
            throw new Configuration.ConfigurationException(
                $"--weights needs one non-negative weight per embedder of a fused profile, at least one positive; profile {models.ProfileName} has {models.Embedder.Parts.Count} embedder(s)");
        }

        if (writeThreshold)
        {
            throw new Configuration.ConfigurationException("--weights evaluates another weighting than the profile's; its threshold cannot be stored with --write-threshold");
        }

        return weights;
    }

    /// <summary>For a fused profile, each embedder alone: its slice of the fused embeddings, renormalised, through the same protocol.</summary>
    private static List<(EmbedderPart Part, VerificationReport Report)> EvaluateParts(FaceModels models, LfwPairsFile pairs, LfwEmbeddings embeddings)
    {
        var fused = models.Embedder;
        if (!fused.IsFused)
        {
            return [];
        }

        return fused.Parts.Select((part, index) =>
        {
            var a = pairs.Pairs.Select(p => fused.PartOf(embeddings.ByPath[p.PathA], index)).ToList();
            var b = pairs.Pairs.Select(p => fused.PartOf(embeddings.ByPath[p.PathB], index)).ToList();
            var report = VerificationMetrics.Evaluate(VerificationMetrics.SquaredDistances(a, b), pairs.GetIsSame(), pairs.GetFolds(), VerificationOptions.Default with { Folds = pairs.FoldCount });
            return (part, report);
        }).ToList();
    }

    private static void PrintParts(CliContext cli, List<(EmbedderPart Part, VerificationReport Report)> parts)
    {
        if (parts.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("embedder alone", "weight", "dims", "accuracy", "AUC", "EER", "threshold");
        foreach (var (part, report) in parts)
        {
            table.AddRow(TerminalText.Markup(part.Name), $"{part.Weight:0.###}", $"{part.Dimension}", $"{report.Accuracy:0.00000} ± {report.AccuracyStd:0.00000}", $"{report.Auc:0.00000}", $"{report.Eer:0.00000}", $"{report.Threshold:0.000}");
        }

        cli.Console.Write(table);
    }

    private static void Print(CliContext cli, VerificationReport report, string profile, bool flip, LfwEmbeddings embeddings, int skipped)
    {
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("profile", TerminalText.Markup(profile + (flip ? " (flip)" : "")));
        table.AddRow("pairs", $"{report.Pairs} ({skipped} skipped)");
        table.AddRow("accuracy", $"{report.Accuracy:0.00000} ± {report.AccuracyStd:0.00000}");
        table.AddRow("VAL @ FAR=1e-3", $"{report.ValAtFar:0.00000} ± {report.ValStd:0.00000} @ FAR={report.Far:0.00000}");
        table.AddRow("AUC", $"{report.Auc:0.00000}");
        table.AddRow("EER", $"{report.Eer:0.00000}");
        table.AddRow("threshold (squared L2)", $"{report.Threshold:0.000}");
        table.AddRow("no-face fallbacks", $"{embeddings.Fallbacks} of {embeddings.ByPath.Count} images");
        table.AddRow("embedding time", $"{embeddings.Seconds:0.0} s ({embeddings.FromCache} images from cache)");
        cli.Console.Write(table);
    }
}
