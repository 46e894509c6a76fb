using System.CommandLine;
using FaceCluster.Grouping;
using FaceCluster.Lfw;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary>
/// <c>facecluster group [--db FILE] [--profile NAME] [--full]</c>: sort the stored faces into people; incremental (only the
/// faces without a person are placed) unless <c>--full</c> or the library has no people yet.
/// </summary>
public sealed class GroupCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _full = new("--full") { Description = "Regroup every face (names, merges, rejections and denials are kept); without it only faces without a person are placed." };

    public GroupCommand(Func<ParseResult, CliContext> context)
        : base("group", "Group the stored faces into people; names, merges and rejections are kept.")
    {
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_full);
        SetAction((parse, ct) =>
        {
            var cli = context(parse);
            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Write("group"));
            var (store, profileName) = (library.Store, library.ProfileName);
            var (threshold, source) = CalibratedThreshold.Resolve(store, profileName, library.Profile);
            var grouping = new PeopleGrouping(store, library.Location.SidecarBase, profileName, cli.Settings.Grouping with { Threshold = threshold }, parse.GetValue(_full));
            var summary = GroupRun.Execute(store, profileName, grouping, source, ct);
            cli.WriteLine(
                $"group completed ({summary.Mode}): {summary.Faces} faces, {summary.People} people ({summary.NewPeople} new), {summary.Unassigned} unassigned; " +
                $"threshold {summary.Threshold:0.000} ({summary.ThresholdSource}), {summary.IndexAction}; " +
                $"refused links: {summary.Statistics.RefusedSamePhoto} same-photo, {summary.Statistics.RefusedCannotLink} user, " +
                $"{summary.Statistics.RefusedCoreRule} core-rule, {summary.Statistics.RefusedAverageLink} average-link, " +
                $"{summary.Statistics.RefusedQualityGate} quality-gate; {summary.Statistics.ClusterMerges} cluster merges; {summary.Seconds:0.0}s");
            return Task.FromResult(ExitCodes.Success);
        });
    }
}
