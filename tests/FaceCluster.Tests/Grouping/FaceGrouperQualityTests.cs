using FaceCluster.Grouping;
using FaceCluster.Indexing;
using FaceCluster.Tests.Synthetic;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Grouping;

/// <summary>
/// Pairwise quality on synthetic libraries with known identities (fixed seeds, so the numbers are stable). Each test
/// writes its table to the test output; the asserted bounds leave a margin below the measured values.
/// </summary>
public sealed class FaceGrouperQualityTests(ITestOutputHelper output)
{
    /// <summary>Plain threshold components (dlib-style single linkage): the naive baseline.</summary>
    private static readonly GroupingOptions Naive = new()
    {
        SamePhotoRule = false,
        CoreMinNeighbours = 0,
        AverageLinkCheck = false,
        AttachCheck = false,
        MutualNeighbours = false,
        MergePass = false,
    };

    [Fact]
    public void Group_200IdentitiesOf10Faces_PairwiseFAtLeast095AndBeatsBaselines()
    {
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 200, FacesPerIdentity = 10, Seed = 11 });

        var grouped = Score(data, GroupingOptions.Default);
        var naive = Score(data, Naive);
        var singletons = PairwiseScore.Compute(data.Identities, new int[data.Count].Select(_ => -1).ToArray());

        output.WriteLine($"defaults   {grouped}");
        output.WriteLine($"naive      {naive}");
        output.WriteLine($"singletons {singletons}");
        Assert.True(grouped.F1 >= 0.95, $"F {grouped.F1:F4} < 0.95");
        Assert.True(grouped.F1 > naive.F1 + 0.1, $"defaults {grouped.F1:F4} do not clearly beat naive {naive.F1:F4}");
        Assert.Equal(0, singletons.F1);
    }

    [Fact]
    public void Group_BridgeFacesBetweenIdentities_EachGuardsEffectOnF()
    {
        // 100 single faces each sitting 40% of the way from one identity's centre to another's: enough for plain
        // single linkage to chain many identities together. Photos put family lookalikes together.
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 200, FacesPerIdentity = 10, Seed = 11, Bridges = 100 });

        var scores = new Dictionary<string, PairwiseScore>
        {
            ["naive (threshold components)"] = Score(data, Naive),
            ["+ same-photo rule"] = Score(data, Naive with { SamePhotoRule = true }),
            ["+ mutual neighbours"] = Score(data, Naive with { MutualNeighbours = true }),
            ["+ core rule (2)"] = Score(data, Naive with { CoreMinNeighbours = 2 }),
            ["+ core rule (4)"] = Score(data, Naive with { CoreMinNeighbours = 4 }),
            ["+ average link"] = Score(data, Naive with { AverageLinkCheck = true }),
            ["+ average link and attach check"] = Score(data, Naive with { AverageLinkCheck = true, AttachCheck = true }),
            ["+ merge pass"] = Score(data, Naive with { MergePass = true }),
            ["defaults (photo, core 2, average)"] = Score(data, GroupingOptions.Default),
            ["defaults + mutual"] = Score(data, GroupingOptions.Default with { MutualNeighbours = true }),
        };

        foreach (var (name, score) in scores)
        {
            output.WriteLine($"{name,-36} {score}");
        }

        var naive = scores["naive (threshold components)"].F1;
        Assert.True(naive < 0.7, $"the bridges should defeat plain single linkage (F {naive:F4})");
        Assert.True(scores["+ same-photo rule"].F1 > naive + 0.1);
        Assert.True(scores["+ average link"].F1 > 0.95);
        Assert.True(scores["defaults (photo, core 2, average)"].F1 >= 0.95);
    }

    [Fact]
    public void Group_BridgeChainsOfThreeFaces_DefaultsStillFarAboveNaive()
    {
        // Chains of three faces (at 25%, 50%, 75% between two identities) are harder: each chain face is ambiguous.
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions
        {
            Identities = 200, FacesPerIdentity = 10, Seed = 11, Bridges = 100, BridgeChainLength = 3,
        });

        var naive = Score(data, Naive);
        var grouped = Score(data, GroupingOptions.Default);

        output.WriteLine($"naive    {naive}");
        output.WriteLine($"defaults {grouped}");
        Assert.True(naive.F1 < 0.2);
        Assert.True(grouped.F1 >= 0.9, $"F {grouped.F1:F4} < 0.9");
    }

    [Fact]
    public void Group_ZipfSizedLibraryThroughHnsw_HighFAndMutualFilterCollapsesRecall()
    {
        // 10k faces with Zipf-sized identities (the largest has ~1,300 faces), above the exact-search limit so the
        // neighbours come from the HNSW graph. Inside a big identity the K nearest are a near-random subset of hundreds
        // of almost equidistant faces, so requiring mutual neighbours disconnects it: the reason it is off by default.
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 1000, ZipfExponent = 1, TotalFaces = 10_000, Seed = 5 });

        var grouper = new FaceGrouper();
        var result = grouper.Group(new GroupingInput(data.FaceIds, data.PhotoIds, data.Embeddings, data.Dimension));
        var grouped = PairwiseScore.Compute(data.Identities, result.Labels);
        var mutual = Score(data, GroupingOptions.Default with { MutualNeighbours = true });

        output.WriteLine($"defaults (hnsw) {grouped}; {result.Timings}");
        output.WriteLine($"+ mutual        {mutual}");
        Assert.Equal("hnsw", result.Statistics.SearchMethod);
        Assert.True(grouped.F1 >= 0.99, $"F {grouped.F1:F4} < 0.99");
        Assert.True(mutual.Recall < 0.5);
    }

    [Fact]
    public void Group_SingleThreadedHnsw_SameLabelsEveryRun()
    {
        // 6,000 faces is above the exact-search limit; with one build thread the graph, and so the result, repeats.
        var data = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 600, FacesPerIdentity = 10, Seed = 3 });
        var input = new GroupingInput(data.FaceIds, data.PhotoIds, data.Embeddings, data.Dimension);
        var grouper = new FaceGrouper(new GroupingOptions { Hnsw = new HnswOptions { Threads = 1 } });

        var first = grouper.Group(input);
        var second = grouper.Group(input);

        Assert.Equal("hnsw", first.Statistics.SearchMethod);
        Assert.Equal(first.Labels, second.Labels);
    }

    private static PairwiseScore Score(SyntheticFaceSet data, GroupingOptions options)
    {
        var result = new FaceGrouper(options).Group(new GroupingInput(data.FaceIds, data.PhotoIds, data.Embeddings, data.Dimension));
        return PairwiseScore.Compute(data.Identities, result.Labels);
    }
}
