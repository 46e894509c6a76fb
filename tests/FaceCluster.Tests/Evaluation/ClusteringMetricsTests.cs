using FaceCluster.Evaluation;

namespace FaceCluster.Tests.Evaluation;

public sealed class ClusteringMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Evaluate_MixedCase_MatchesHandComputedValues()
    {
        // Classes A = {0,1,2}, B = {3,4}, C = {5}; clusters X = {0,1}, Y = {2,3,4}, item 5 unassigned.
        // Cells: A∩X = 2, A∩Y = 1, B∩Y = 2, C∩{5} = 1.
        var report = ClusteringMetrics.Evaluate([0, 0, 0, 1, 1, 2], [5, 5, 7, 7, 7, -1]);

        Assert.Equal(6, report.Items);
        Assert.Equal(3, report.TrueClasses);
        Assert.Equal(2, report.PredictedClusters);
        Assert.Equal(1, report.UnassignedItems);
        Assert.Equal(3, report.PredictedClustersWithSingletons);

        // Pairs: TP = C(2,2) + C(2,2) = 2; predicted = C(2,2) + C(3,2) = 4; true = C(3,2) + C(2,2) = 4.
        Assert.Equal(2, report.TruePositivePairs);
        Assert.Equal(4, report.PredictedPairs);
        Assert.Equal(4, report.TruePairs);
        Assert.Equal(0.5, report.PairwisePrecision, Tolerance);
        Assert.Equal(0.5, report.PairwiseRecall, Tolerance);
        Assert.Equal(0.5, report.PairwiseF1, Tolerance);

        // BCubed precision: (4/2 + 1/3 + 4/3 + 1/1) / 6 = 7/9; recall: (4/3 + 1/3 + 4/2 + 1/1) / 6 = 7/9.
        Assert.Equal(7.0 / 9, report.BCubedPrecision, Tolerance);
        Assert.Equal(7.0 / 9, report.BCubedRecall, Tolerance);
        Assert.Equal(7.0 / 9, report.BCubedF1, Tolerance);

        // MI = 1/3·ln2 + 1/6·ln(2/3) + 1/3·ln2 + 1/6·ln6 = ln 2; both entropies (sizes 3,2,1) = 2/3·ln2 + 1/2·ln3.
        var entropy = 2.0 / 3 * Math.Log(2) + 0.5 * Math.Log(3);
        Assert.Equal(Math.Log(2) / entropy, report.Nmi, Tolerance);
    }

    [Fact]
    public void Evaluate_EverythingInOneCluster_HasFullRecallAndNmiZero()
    {
        // TP = 1 + 1, predicted = C(4,2) = 6, true = 2. BCubed: P = (4/4 + 4/4)/4 = 1/2, R = (4/2 + 4/2)/4 = 1.
        var report = ClusteringMetrics.Evaluate([0, 0, 1, 1], [3, 3, 3, 3]);

        Assert.Equal(1.0 / 3, report.PairwisePrecision, Tolerance);
        Assert.Equal(1.0, report.PairwiseRecall, Tolerance);
        Assert.Equal(0.5, report.PairwiseF1, Tolerance);
        Assert.Equal(0.5, report.BCubedPrecision, Tolerance);
        Assert.Equal(1.0, report.BCubedRecall, Tolerance);
        Assert.Equal(2.0 / 3, report.BCubedF1, Tolerance);
        Assert.Equal(0.0, report.Nmi); // one cluster, two classes: MI = 0
    }

    [Fact]
    public void Evaluate_UnassignedItems_AreSeparateSingletons()
    {
        // Were the two -1 items one cluster, everything would be perfect.
        var report = ClusteringMetrics.Evaluate([0, 0], [-1, -1]);

        Assert.Equal(0, report.PredictedClusters);
        Assert.Equal(2, report.UnassignedItems);
        Assert.Equal(2, report.PredictedClustersWithSingletons);
        Assert.Equal(0, report.PredictedPairs);
        Assert.Equal(1.0, report.PairwisePrecision); // no predicted pair, none wrong
        Assert.Equal(0.0, report.PairwiseRecall);
        Assert.Equal(0.0, report.PairwiseF1);
        Assert.Equal(1.0, report.BCubedPrecision, Tolerance);
        Assert.Equal(0.5, report.BCubedRecall, Tolerance);
        Assert.Equal(2.0 / 3, report.BCubedF1, Tolerance);
        Assert.Equal(0.0, report.Nmi); // a single class against two clusters
    }

    [Fact]
    public void Evaluate_PerfectClusteringWithOtherLabelValues_IsOneEverywhere()
    {
        var report = ClusteringMetrics.Evaluate([0, 0, 1, 2, 2, 2], [9, 9, 4, 1, 1, 1]);

        Assert.Equal(1.0, report.PairwisePrecision);
        Assert.Equal(1.0, report.PairwiseRecall);
        Assert.Equal(1.0, report.PairwiseF1);
        Assert.Equal(1.0, report.BCubedPrecision, Tolerance);
        Assert.Equal(1.0, report.BCubedRecall, Tolerance);
        Assert.Equal(1.0, report.Nmi, Tolerance);
    }

    [Fact]
    public void Evaluate_SingleClassSingleCluster_NmiIsOne()
    {
        var report = ClusteringMetrics.Evaluate([4, 4, 4], [0, 0, 0]);

        Assert.Equal(1.0, report.Nmi);
        Assert.Equal(1.0, report.PairwiseF1);
        Assert.Equal(1.0, report.BCubedF1, Tolerance);
    }

    [Fact]
    public void Evaluate_AllSingletonsBothSides_IsPerfect()
    {
        // No pairs on either side (0/0 counts as 1); NMI = ln3 / ln3.
        var report = ClusteringMetrics.Evaluate([0, 1, 2], [-1, -1, -1]);

        Assert.Equal(0, report.TruePairs);
        Assert.Equal(1.0, report.PairwiseF1);
        Assert.Equal(1.0, report.BCubedF1, Tolerance);
        Assert.Equal(1.0, report.Nmi, Tolerance);
    }

    [Fact]
    public void Evaluate_IndependentLabellings_NmiIsZero()
    {
        // Every cell is 1 and rows/columns are uniform: p(ij) = p(i)p(j), so MI = 0.
        var report = ClusteringMetrics.Evaluate([0, 0, 1, 1], [0, 1, 0, 1]);

        Assert.Equal(0.0, report.Nmi);
        Assert.Equal(0, report.TruePositivePairs);
        Assert.Equal(0.0, report.PairwiseF1);
    }

    [Fact]
    public void Evaluate_SplitClass_NmiMatchesHandComputation()
    {
        // Class {0,1,2,3} is split into clusters {0,1} and {2,3}; class {4,5} is cluster {4,5}. N = 6, class sizes
        // (4, 2), cluster sizes (2, 2, 2). MI = 2·(2/6)·ln(6·2/(4·2)) + (2/6)·ln(6·2/(2·2)) = (2/3)ln(3/2) + (1/3)ln3;
        // H(true) = −(2/3·ln(2/3) + 1/3·ln(1/3)); H(pred) = ln3.
        var report = ClusteringMetrics.Evaluate([0, 0, 0, 0, 1, 1], [0, 0, 1, 1, 2, 2]);

        var mi = 2.0 / 3 * Math.Log(1.5) + 1.0 / 3 * Math.Log(3);
        var hTrue = -(2.0 / 3 * Math.Log(2.0 / 3) + 1.0 / 3 * Math.Log(1.0 / 3));
        var hPred = Math.Log(3);
        Assert.Equal(mi / ((hTrue + hPred) / 2), report.Nmi, Tolerance);
        Assert.Equal(1.0, report.PairwisePrecision);
        Assert.Equal(3.0 / 7, report.PairwiseRecall, Tolerance); // TP 1+1+1 = 3 of C(4,2)+C(2,2) = 7
    }

    [Fact]
    public void Evaluate_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Evaluate([], []));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Evaluate([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Evaluate([0, 1], [0, -2]));
    }
}
