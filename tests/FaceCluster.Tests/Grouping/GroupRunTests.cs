using FaceCluster.Grouping;
using FaceCluster.Storage;
using FaceCluster.Tests.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Grouping;

/// <summary>The run bookkeeping of 'group' on a real library: every way grouping ends is recorded.</summary>
public sealed class GroupRunTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false, "completed")]
    [InlineData(true, "cancelled")]
    public void Execute_CompletedOrCancelled_LeavesNoRunRunning(bool cancel, string status)
    {
        var db = _temp.File("lib.db");
        using var store = SqliteFaceStore.Open(db);
        store.SaveOutcomes([StoreTestData.Photo("/p/a.jpg", 3), StoreTestData.Photo("/p/b.jpg", 3, seed: 1)], runId: 1);
        using var cancellation = new CancellationTokenSource();
        if (cancel)
        {
            cancellation.Cancel();
        }

        var grouping = new PeopleGrouping(store, db, "faceapi", GroupingOptions.Default);
        var run = () => GroupRun.Execute(store, "faceapi", grouping, "test", cancellation.Token);
        if (cancel)
        {
            Assert.ThrowsAny<OperationCanceledException>(run);
        }
        else
        {
            Assert.Equal(6, run().Faces);
        }

        Assert.Empty(store.UnfinishedRuns());
        var recorded = store.LastRun("group")!;
        Assert.Equal(status, recorded.Status);
        Assert.NotNull(recorded.EndedAt);
    }
}
