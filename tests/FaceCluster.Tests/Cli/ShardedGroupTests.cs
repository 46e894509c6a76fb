using FaceCluster.Cli;
using FaceCluster.Grouping;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using FaceCluster.Tests.Synthetic;

namespace FaceCluster.Tests.Cli;

/// <summary>
/// <c>group --neighbours i/N</c> as real processes against a real library, on each backend: two shards store their
/// neighbour lists, and the final <c>group</c> links from them into exactly the people a <c>group</c> without shards
/// finds in an identical library; lists computed before a photo was added are seen as stale and not used.
/// </summary>
public abstract class ShardedGroupTests : IDisposable
{
    // 480 faces, about 400 photos (some group photos): every 10th photo id is held back and added later.
    private static readonly SyntheticFaceSet Faces = SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 40, FacesPerIdentity = 12, Seed = 7 });

    protected TempDirectory Temp { get; } = new();

    /// <summary>The Database setting of a new, empty library.</summary>
    protected abstract string NewLibrary();

    /// <summary>Runs both shards as child processes (with <paramref name="options"/>): at once where the backend allows it, else one after the other.</summary>
    protected abstract void RunShards(string db, params string[] options);

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public async Task FinalGroup_LinksFromTwoShards_IntoThePeopleOfAnUnshardedGroup_AndIgnoresStaleShards()
    {
        var (plain, sharded) = (NewLibrary(), NewLibrary());
        Save(plain, photo => photo % 10 != 0);
        Save(sharded, photo => photo % 10 != 0);

        // The first group (a full one): from two shards' lists, the same people as without shards
        await Group(plain);
        RunShards(sharded);
        Assert.Contains("k-NN from 2 shards (exact)", await Group(sharded));
        var people = People(plain);
        Assert.True(people.Count >= 10, $"only {people.Count} people: the comparison would prove little");
        Assert.Equal(people, People(sharded));

        // A photo added after the shards ran: their lists are stale, so the incremental group searches itself
        Save(plain, photo => photo % 20 == 0);
        Save(sharded, photo => photo % 20 == 0);
        await Group(plain);
        var stale = await Group(sharded);
        Assert.Contains("shard neighbours not used: computed for other faces", stale);
        Assert.DoesNotContain("k-NN from", stale);
        Assert.Equal(People(plain), People(sharded));

        // Shards run again after more photos: the incremental group places the new faces from their lists
        Save(plain, photo => photo % 20 == 10);
        Save(sharded, photo => photo % 20 == 10);
        await Group(plain);
        RunShards(sharded);
        var incremental = await Group(sharded);
        Assert.Contains("k-NN from 2 shards (exact)", incremental);
        Assert.Contains("incremental", incremental);
        Assert.Equal(People(plain), People(sharded));
    }

    [StoreFact]
    public async Task FinalGroup_FromShardsSearchingTheirOwnHnswIndex_FindsTheUnshardedPeople()
    {
        // One build thread makes the graph depend on the faces only, so each shard machine's index equals the unsharded one's.
        var config = Temp.File("hnsw.json");
        File.WriteAllText(config, """{ "Grouping": { "ExactSearchLimit": 0, "Hnsw": { "Threads": 1 } } }""");
        var (plain, sharded) = (NewLibrary(), NewLibrary());
        Save(plain, _ => true);
        Save(sharded, _ => true);

        try
        {
            Assert.Contains("HNSW index built", await Group(plain, "--config", config));
            RunShards(sharded, "--config", config);
            Assert.Contains("k-NN from 2 shards (hnsw)", await Group(sharded, "--config", config));
            Assert.Equal(People(plain), People(sharded));
        }
        finally
        {
            // A PostgreSQL library's index lies in the user's cache folder, outside the test's own.
            foreach (var db in new[] { plain, sharded })
            {
                new FaceIndexStore(LibraryLocation.Parse(db).SidecarBase, "faceapi", GroupingOptions.Default.Hnsw).Delete();
            }
        }
    }

    [StoreFact]
    public async Task Neighbours_MalformedShard_IsAUsageError()
    {
        var db = NewLibrary();
        Save(db, _ => true);
        foreach (var shard in new[] { "0/2", "3/2", "1/0", "2", "a/b", "1/2/3" })
        {
            var (code, _, error) = await CliRunner.RunAsync("group", "--neighbours", shard, "--db", db);
            Assert.True(code == ExitCodes.Usage, $"{shard}: {code} {error}");
        }

        Assert.Equal(ExitCodes.Usage, (await CliRunner.RunAsync("group", "--neighbours", "1/2", "--full", "--db", db)).ExitCode);
    }

    protected static void RunShard(string db, string shard, string[] options)
    {
        var code = ChildCli.Run(["group", "--neighbours", shard, "--db", db, .. options]);
        Assert.True(code == ExitCodes.Success, $"group --neighbours {shard} exited {code}: {string.Join('\n', ChildCli.Errors.TakeLast(5))}");
    }

    private static void Save(string db, Func<long, bool> photos)
    {
        using var store = LibraryStores.Open(LibraryLocation.Parse(db), mayCreate: true);
        SyntheticLibrary.Save(store, Faces, photos);
    }

    private static async Task<string> Group(string db, params string[] options)
    {
        var (code, output, error) = await CliRunner.RunAsync(["group", "--db", db, .. options]);
        Assert.True(code == ExitCodes.Success, output + error);
        return output;
    }

    /// <summary>The people as sets of face ids (identical libraries give the same face ids), in a comparable order.</summary>
    private static List<string> People(string db)
    {
        using var store = LibraryStores.Open(LibraryLocation.Parse(db), mayCreate: false);
        return store.LoadAssignments("faceapi").GroupBy(a => a.Value).Select(g => string.Join(',', g.Select(a => a.Key).Order())).Order(StringComparer.Ordinal).ToList();
    }
}

public sealed class SqliteShardedGroupTests : ShardedGroupTests
{
    protected override string NewLibrary() => Temp.File($"{Guid.NewGuid():N}.db");

    /// <summary>An SQLite library has one writer at a time, so its shards run one after the other.</summary>
    protected override void RunShards(string db, params string[] options)
    {
        RunShard(db, "1/2", options);
        RunShard(db, "2/2", options);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresShardedGroupTests(PostgresServer server) : ShardedGroupTests, IPostgresTests
{
    protected override string NewLibrary() => server.CreateDatabase();

    /// <summary>Both shards at once: they share the advisory lock.</summary>
    protected override void RunShards(string db, params string[] options) => Parallel.ForEach(["1/2", "2/2"], shard => RunShard(db, shard, options));

    [PostgresFact]
    public async Task Neighbours_WhileAGroupHoldsTheLibrary_ExitsLocked()
    {
        var db = server.CreateDatabase();
        using (var store = LibraryStores.Open(LibraryLocation.Parse(db), mayCreate: true))
        {
            SyntheticLibrary.Save(store, SyntheticFaceSet.Generate(new SyntheticFaceOptions { Identities = 3, FacesPerIdentity = 2 }));
        }

        using (FaceCluster.Storage.Postgres.PostgresAdvisoryLock.Acquire(db, "group", shared: false))
        {
            Assert.Equal(ExitCodes.Locked, (await CliRunner.RunAsync("group", "--neighbours", "1/2", "--db", db)).ExitCode);
        }

        using (FaceCluster.Storage.Postgres.PostgresAdvisoryLock.Acquire(db, "group --neighbours", shared: true))
        {
            Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync("group", "--neighbours", "1/2", "--db", db)).ExitCode);
            Assert.Equal(ExitCodes.Locked, (await CliRunner.RunAsync("group", "--db", db)).ExitCode);
        }
    }
}
