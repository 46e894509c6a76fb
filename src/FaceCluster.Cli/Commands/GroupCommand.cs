using System.CommandLine;
using System.Globalization;
using FaceCluster.Configuration;
using FaceCluster.Grouping;
using FaceCluster.Lfw;
using FaceCluster.Sharding;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary>
/// <c>facecluster group [--db FILE] [--profile NAME] [--full]</c>: sort the stored faces into people; incremental (only the
/// faces without a person are placed) unless <c>--full</c> or the library has no people yet.
/// <c>group --neighbours i/N</c> only searches the k nearest neighbours of shard i of N and stores them, so N machines
/// share the search and a final plain <c>group</c> links from their lists.
/// </summary>
public sealed class GroupCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _full = new("--full") { Description = "Regroup every face (names, merges, rejections and denials are kept); without it only faces without a person are placed." };
    private readonly Option<string?> _neighbours = new("--neighbours")
    {
        Description = "SHARD/COUNT: only find the nearest neighbours of this shard's faces (e.g. 1/2 and 2/2 on two machines) and store them for a final 'group'.",
    };

    public GroupCommand(Func<ParseResult, CliContext> context)
        : base("group", "Group the stored faces into people; names, merges and rejections are kept.")
    {
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_full);
        Options.Add(_neighbours);
        SetAction((parse, ct) =>
        {
            var cli = context(parse);
            if (parse.GetValue(_neighbours) is { } shard)
            {
                return Task.FromResult(SearchShard(cli, parse, ShardSpec.Parse(shard), ct));
            }

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

    /// <summary>
    /// One shard of the neighbour search. It takes the library lock shared, so the shards of a PostgreSQL library run at
    /// once on several machines (an SQLite library still has one writer at a time), never beside a plain group.
    /// </summary>
    private int SearchShard(CliContext cli, ParseResult parse, ShardSpec shard, CancellationToken ct)
    {
        if (parse.GetValue(_full))
        {
            throw new ConfigurationException("--full applies to the final 'group', not to --neighbours");
        }

        using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.SharedWrite("group --neighbours"));
        var summary = NeighbourShards.Compute(library.Store, library.Location.SidecarBase, library.ProfileName, cli.Settings.Grouping, shard, ct);
        var stages = string.Join(", ", summary.StageSeconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0.0}s")));
        cli.WriteLine(
            $"neighbours {summary.Shard} completed: {summary.Queried} of {summary.Faces} faces searched ({summary.Search}), " +
            $"{summary.Neighbours} neighbours stored; {stages}");
        return ExitCodes.Success;
    }
}
