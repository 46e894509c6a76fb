using System.Buffers.Binary;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Formats;

/// <summary>
/// A library folder holding one photo as JPEG, PNG, TIFF, WebP, HEIC, AVIF and a DNG's preview, plus hostile HEIC,
/// AVIF and RAW files, ingested with the shipped models by the real program as a child process (under test.sh the
/// published Native AOT program, so every decoder is exercised as users run it).
/// </summary>
[Collection(ModelsCollection.Name)]
[Trait("Category", "Shared")]
public sealed class FormatLibraryTests(InstalledModels installed) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SharedDataFact]
    public void Ingest_EveryFormat_FindsTheSameFacesWithAgreeingEmbeddings()
    {
        var library = Directory.CreateDirectory(_temp.File("library")).FullName;
        var png = FormatFixtures.Png(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"), library, "photo.png", width: 1280);
        FormatFixtures.Tiff(png, Path.Combine(library, "photo.tiff"));
        FormatFixtures.WebpLossless(png, Path.Combine(library, "photo.webp"));
        FormatFixtures.Heif(png, Path.Combine(library, "photo.heic"), lossless: true);
        FormatFixtures.Heif(png, Path.Combine(library, "phone.heic"), lossless: false);
        FormatFixtures.Heif(png, Path.Combine(library, "photo.avif"), lossless: true);
        var jpeg = FormatFixtures.Jpeg(png, _temp.File("photo.jpg"));
        File.Copy(jpeg, Path.Combine(library, "photo.jpg"));
        FormatFixtures.RawWithPreview("DNG.dng", jpeg, Path.Combine(library, "photo.dng"));

        var store = Ingest(library);

        var faces = store.ReadFaces("faceapi").GroupBy(f => Path.GetFileName(f.PhotoPath)).ToDictionary(g => g.Key, g => g.ToList());
        string[] all = ["photo.png", "photo.tiff", "photo.webp", "photo.heic", "phone.heic", "photo.avif", "photo.jpg", "photo.dng"];
        Assert.Equal(all.Order(), faces.Keys.Order());
        var reference = faces["photo.png"];
        Assert.NotEmpty(reference);
        foreach (var name in all)
        {
            Assert.True(reference.Count == faces[name].Count, $"{name}: {faces[name].Count} faces, PNG has {reference.Count}");

            // Lossless formats carry the same pixels, so the same faces; lossy ones (JPEG, phone HEIC, the DNG's JPEG) close to them.
            var minimum = name is "photo.jpg" or "phone.heic" or "photo.dng" ? 0.98 : 0.99;
            foreach (var face in reference)
            {
                var match = faces[name].MaxBy(f => VectorMath.Cosine(f.Embedding, face.Embedding))!;
                var cosine = VectorMath.Cosine(match.Embedding, face.Embedding);
                Assert.True(cosine >= minimum, $"{name}: face at {face.Box} has cosine {cosine:0.0000} < {minimum}");
                Assert.True(Math.Abs(match.Box.X - face.Box.X) < 4 && Math.Abs(match.Box.Y - face.Box.Y) < 4, $"{name}: box {match.Box} vs {face.Box}");
            }
        }

        store.Dispose();
    }

    [SharedDataFact]
    public void Ingest_HostileHeicAvifAndRaw_AreRecordedAsFailedAndTheRunCompletes()
    {
        var library = Directory.CreateDirectory(_temp.File("hostile")).FullName;
        var png = FormatFixtures.Png(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg"), _temp.Path, "photo.png");
        var heic = File.ReadAllBytes(FormatFixtures.Heif(png, _temp.File("good.heic"), lossless: false));
        var avif = File.ReadAllBytes(FormatFixtures.Heif(png, _temp.File("good.avif"), lossless: false));
        var dng = File.ReadAllBytes(FormatFixtures.RawWithPreview("DNG.dng", FormatFixtures.Jpeg(png, _temp.File("p.jpg")), _temp.File("good.dng")));
        File.Copy(_temp.File("good.heic"), Path.Combine(library, "good.heic"));
        File.WriteAllBytes(Path.Combine(library, "truncated.heic"), heic[..(heic.Length / 2)]);
        File.WriteAllBytes(Path.Combine(library, "truncated.avif"), avif[..(avif.Length / 3)]);
        File.WriteAllBytes(Path.Combine(library, "truncated.dng"), dng[..(dng.Length * 3 / 4)]);
        File.WriteAllBytes(Path.Combine(library, "zero.heic"), []);
        File.WriteAllBytes(Path.Combine(library, "zero.cr3"), []);
        File.WriteAllBytes(Path.Combine(library, "huge.heic"), ClaimSize(heic, 60_000, 60_000));
        File.WriteAllBytes(Path.Combine(library, "huge.avif"), ClaimSize(avif, 40_000, 40_000));
        File.WriteAllText(Path.Combine(library, "text.nef"), "not a raw file");
        File.WriteAllBytes(Path.Combine(library, "heic-named.jpg"), heic);

        var store = Ingest(library);

        var photos = store.LoadPhotoIndex().Values.ToDictionary(p => Path.GetFileName(p.Path));
        string[] failed = ["truncated.heic", "truncated.avif", "truncated.dng", "zero.heic", "zero.cr3", "huge.heic", "huge.avif", "text.nef"];
        foreach (var name in failed)
        {
            Assert.True(photos[name].Status == PhotoStatus.Failed, $"{name} should be recorded as failed");
            Assert.False(string.IsNullOrWhiteSpace(photos[name].Error));
        }

        Assert.Contains("decompression bomb", photos["huge.heic"].Error);
        Assert.Contains("decompression bomb", photos["huge.avif"].Error);
        Assert.Contains("empty", photos["zero.heic"].Error);

        // Read by content, whatever the name says; the good HEIC's faces are stored.
        Assert.Equal(PhotoStatus.Ok, photos["heic-named.jpg"].Status);
        Assert.Equal(PhotoStatus.Ok, photos["good.heic"].Status);
        Assert.True(store.ReadFaces("faceapi").Count(f => f.PhotoPath.EndsWith("good.heic", StringComparison.Ordinal)) > 0);
        store.Dispose();
    }

    private SqliteFaceStore Ingest(string library)
    {
        var database = _temp.File("lib.db");
        var config = _temp.File("models.json");
        File.WriteAllText(config, $$"""{ "ModelsDirectory": "{{installed.Directory}}" }""");
        var exitCode = ChildCli.Run("ingest", library, "--db", database, "--profile", "faceapi", "--config", config);
        Assert.True(exitCode == 0, $"ingest exited with {exitCode}: {string.Join('\n', ChildCli.Errors.TakeLast(20))}");
        var store = SqliteFaceStore.Open(database);
        Assert.Equal("completed", store.LastRun("ingest")!.Status);
        return store;
    }

    /// <summary>A HEIF whose image-size (ispe) properties claim another size, pixel data unchanged.</summary>
    private static byte[] ClaimSize(byte[] heif, int width, int height)
    {
        var copy = heif.ToArray();
        var found = 0;
        for (var at = copy.AsSpan().IndexOf("ispe"u8); at >= 0; at = NextIndex(copy, "ispe"u8, at + 4))
        {
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(at + 8), width);
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(at + 12), height);
            found++;
        }

        Assert.True(found > 0, "no ispe box");
        return copy;
    }

    private static int NextIndex(byte[] bytes, ReadOnlySpan<byte> value, int from)
    {
        var next = bytes.AsSpan(from).IndexOf(value);
        return next < 0 ? -1 : from + next;
    }
}
