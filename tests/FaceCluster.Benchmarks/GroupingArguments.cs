using FaceCluster.Grouping;
using FaceCluster.Indexing;

namespace FaceCluster.Benchmarks;

/// <summary>The <see cref="GroupingOptions"/> a grouping benchmark takes from its command line, over given defaults.</summary>
internal static class GroupingArguments
{
    public const string Help =
        "--threshold T --k K (16) --min-size N (2) --mutual --core N (2) --no-average-link --average-link T (threshold) --no-attach-check "
        + "--no-merge-pass --merge-factor F --merge-min-size N --min-form-score S --min-form-size PX "
        + "--exact-limit N (5000) --connectivity M (16) --expansion-add E (128) --expansion-search E (128) --threads N (cores)";

    public static GroupingOptions Read(BenchmarkArguments args, GroupingOptions defaults)
    {
        var hnsw = new HnswOptions
        {
            Connectivity = args.Int("connectivity", defaults.Hnsw.Connectivity),
            ExpansionAdd = args.Int("expansion-add", defaults.Hnsw.ExpansionAdd),
            ExpansionSearch = args.Int("expansion-search", defaults.Hnsw.ExpansionSearch),
            Threads = args.Int("threads", defaults.Hnsw.Threads),
        };
        var averageLink = args.Double("average-link", double.NaN);
        return defaults with
        {
            Threshold = (float)args.Double("threshold", defaults.Threshold),
            K = args.Int("k", defaults.K),
            MinClusterSize = args.Int("min-size", defaults.MinClusterSize),
            MutualNeighbours = args.Flag("mutual") || defaults.MutualNeighbours,
            CoreMinNeighbours = args.Int("core", defaults.CoreMinNeighbours),
            AverageLinkCheck = !args.Flag("no-average-link") && defaults.AverageLinkCheck,
            AverageLinkThreshold = double.IsNaN(averageLink) ? defaults.AverageLinkThreshold : (float)averageLink,
            AttachCheck = !args.Flag("no-attach-check") && defaults.AttachCheck,
            MergePass = !args.Flag("no-merge-pass") && defaults.MergePass,
            MergeFactor = (float)args.Double("merge-factor", defaults.MergeFactor),
            MergeMinSize = args.Int("merge-min-size", defaults.MergeMinSize),
            MinFormScore = (float)args.Double("min-form-score", defaults.MinFormScore),
            MinFormFaceSize = (float)args.Double("min-form-size", defaults.MinFormFaceSize),
            ExactSearchLimit = args.Int("exact-limit", defaults.ExactSearchLimit),
            MaxDegreeOfParallelism = hnsw.Threads,
            Hnsw = hnsw,
        };
    }
}
