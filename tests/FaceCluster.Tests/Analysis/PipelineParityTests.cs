using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Detection;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Analysis;

/// <summary>
/// The ingest pipeline (separate detect, align and embed stages, faces batched across photos) and <c>embed</c>/<c>search</c>'s
/// <see cref="FaceAnalyzer.Analyze"/> must store exactly the same faces for a photo: the same boxes, scores, quality,
/// landmarks and embeddings, under the same profile rules.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class PipelineParityTests(InstalledModels installed, ITestOutputHelper output) : IDisposable
{
    /// <summary>The sample photos' faces are 145 to 221 pixels on their shorter side: this minimum drops about half of them.</summary>
    private const int MinFaceSize = 170;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task IngestAndAnalyze_SamplePhotos_GiveIdenticalFaces()
    {
        using var models = FaceModels.Load(installed.Settings(new Dictionary<string, string?>
        {
            ["Profiles:faceapi:Detector:MinFaceSize"] = MinFaceSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }), "faceapi");
        var database = _temp.File("library.db");
        using (var store = SqliteFaceStore.Open(database))
        {
            var summary = await new IngestPipeline(store, models, new IngestOptions()).RunAsync([TestPaths.SamplePhotos], prune: false);
            Assert.Equal("completed", summary.Run.Status);
        }

        var stored = ReadStoredFaces(database);
        var analyzer = new FaceAnalyzer(models);
        var compared = 0;
        var dropped = 0;
        foreach (var path in Directory.GetFiles(TestPaths.SamplePhotos).Order(StringComparer.Ordinal))
        {
            var photo = PhotoDecoder.Default.LoadForFaces(path, new IngestOptions().ReducedDecodeSide);
            var analyzed = analyzer.Analyze(photo);
            var ingested = stored.GetValueOrDefault(path, []);
            dropped += models.Detector.Detect(photo.Image).Count - analyzed.Count;

            Assert.Equal(analyzed.Count, ingested.Count);
            for (var i = 0; i < analyzed.Count; i++)
            {
                var (ours, theirs) = (analyzed[i], ingested[i]);
                Assert.Equal(ours.Box, theirs.Box);
                Assert.Equal(ours.Score, theirs.Score);
                Assert.Equal(ours.Quality, theirs.Quality);
                Assert.Equal(BlobCodec.Encode(ours.Landmarks), theirs.Landmarks);
                Assert.Equal(ours.Embedding, theirs.Embedding);
                compared++;
            }
        }

        output.WriteLine($"{compared} faces identical, {dropped} below {MinFaceSize} px dropped by both");
        Assert.True(compared >= 5, $"only {compared} faces compared");
        Assert.True(dropped >= 5, $"the minimum face size must matter for this test: only {dropped} faces were below it");
    }

    /// <summary>Each photo's stored faces in insertion (detection) order, read with their quality and landmarks.</summary>
    private static Dictionary<string, List<StoredRow>> ReadStoredFaces(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.path, f.x, f.y, f.w, f.h, f.score, f.quality, f.landmarks, f.embedding FROM faces f JOIN photos p ON p.id = f.photo_id ORDER BY f.id";
        using var reader = command.ExecuteReader();
        var faces = new Dictionary<string, List<StoredRow>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            if (!faces.TryGetValue(reader.GetString(0), out var list))
            {
                faces[reader.GetString(0)] = list = [];
            }

            list.Add(new StoredRow(
                new FaceBox(reader.GetFloat(1), reader.GetFloat(2), reader.GetFloat(3), reader.GetFloat(4)),
                reader.GetFloat(5), reader.GetFloat(6), (byte[])reader[7], BlobCodec.DecodeFloats((byte[])reader[8])));
        }

        return faces;
    }

    private sealed record StoredRow(FaceBox Box, float Score, float Quality, byte[] Landmarks, float[] Embedding);
}
