using FaceCluster.Cli;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Npgsql;

namespace FaceCluster.Tests.Pipeline;

/// <summary>Several ingest processes sharing one PostgreSQL library through its claim queue.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IngestWorkersTests(PostgresServer server, InstalledModels installed) : IDisposable
{
    private const int PhotoCount = 200;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [PostgresFact(NeedsSharedData = true)]
    public void TwoWorkers_OneKilledMidRun_StoreEveryPhotoExactlyOnceWithTheFacesOfASingleSqliteRun()
    {
        var photos = LfwPhotos();
        var config = _temp.File("config.json");
        // A short lease (renewed every third of it while a worker lives), so the killed worker's claims come back within
        // seconds; one view per face keeps the run short.
        File.WriteAllText(config, $$"""
            { "ModelsDirectory": "{{installed.Directory}}",
              "Ingest": { "ClaimBatch": 4, "ClaimLease": "00:00:10" },
              "Profiles": { "faceapi": { "Embedder": { "Jitter": 0 } } } }
            """);
        var sqlite = _temp.File("single.db");
        Assert.Equal(ExitCodes.Success, ChildCli.Run("ingest", photos, "--db", sqlite, "--config", config));

        var postgres = server.CreateDatabase();
        using (LibraryStores.Open(LibraryLocation.Parse(postgres), mayCreate: true))
        {
        }

        AuditPhotoWrites(postgres);
        using (var killed = ChildCli.Start("ingest", photos, "--db", postgres, "--config", config))
        using (var survivor = ChildCli.Start("ingest", photos, "--db", postgres, "--config", config))
        {
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (Scalar(postgres, "SELECT count(*) FROM facecluster.photos") < PhotoCount / 5 && !killed.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }

            Assert.False(killed.HasExited, "the first worker finished before it could be killed");
            Assert.True(Scalar(postgres, "SELECT count(*) FROM facecluster.ingest_queue WHERE claimed_by IS NOT NULL AND done_at IS NULL") > 0);
            killed.Kill();
            Assert.True(survivor.WaitForExit(TimeSpan.FromMinutes(10)), "the surviving worker did not finish");
            Assert.True(survivor.ExitCode == ExitCodes.Success, string.Join('\n', ChildCli.Errors));
        }

        // Run again: everything is stored, so the rerun finds nothing to do, and marks the killed run interrupted.
        Assert.Equal(ExitCodes.Success, ChildCli.Run("ingest", photos, "--db", postgres, "--config", config));

        Assert.Equal(FacesPerPhoto(sqlite), FacesPerPhoto(postgres));
        Assert.Equal(PhotoCount, Scalar(postgres, "SELECT count(DISTINCT path) FROM public.photo_writes"));
        Assert.Equal(PhotoCount, Scalar(postgres, "SELECT count(*) FROM public.photo_writes"));
        Assert.Equal(0, Scalar(postgres, "SELECT count(*) FROM facecluster.ingest_queue WHERE done_at IS NULL"));
        Assert.Equal(["completed", "completed", "interrupted"], Strings(postgres, "SELECT status FROM facecluster.runs ORDER BY status"));
        Assert.Equal(0, Scalar(postgres, "SELECT files_new + files_changed FROM facecluster.runs ORDER BY id DESC LIMIT 1"));
    }

    private string LfwPhotos()
    {
        var folder = Path.Combine(_temp.Path, "photos");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(TestPaths.LfwImages, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(PhotoCount))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    /// <summary>Records every insert or update of a photo row, committed ones only: a photo stored twice shows twice.</summary>
    private static void AuditPhotoWrites(string connectionString) => Execute(connectionString,
        """
        CREATE TABLE public.photo_writes (path text NOT NULL);
        CREATE FUNCTION public.record_photo_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO public.photo_writes VALUES (NEW.path); RETURN NEW; END $$;
        CREATE TRIGGER record_photo_write AFTER INSERT OR UPDATE ON facecluster.photos FOR EACH ROW EXECUTE FUNCTION public.record_photo_write();
        """);

    private static Dictionary<string, int> FacesPerPhoto(string library)
    {
        using var store = LibraryStores.Open(LibraryLocation.Parse(library), mayCreate: false);
        var faces = store.ReadFaces("faceapi").GroupBy(f => Path.GetFileName(f.PhotoPath)).ToDictionary(g => g.Key, g => g.Count());
        return store.LoadPhotoIndex().Keys.ToDictionary(p => Path.GetFileName(p), p => faces.GetValueOrDefault(Path.GetFileName(p)));
    }

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<string> Strings(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
