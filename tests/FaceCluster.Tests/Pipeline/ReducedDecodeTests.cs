using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Imaging;
using FaceCluster.Pipeline;
using FaceCluster.Storage;
using FaceCluster.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Pipeline;

/// <summary>
/// Large JPEGs decoded at a reduced size for detection, with small faces aligned from finer pixels (the photo at 1/2
/// scale when they have 150 pixels there, else full-size regions), store the
/// faces a full-size decode stores (12 MP photos made from LFW and the sample photos, one stored turned with an EXIF
/// orientation tag); the reduced decoder's pixels, regions and limits.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ReducedDecodeTests(InstalledModels installed, ITestOutputHelper output) : IDisposable
{
    private const int Width = 4000;
    private const int Height = 3000;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public async Task ReducedDecode_StoresTheFacesOfAFullDecode()
    {
        var library = MakeLibrary();

        var full = await Ingest(library, reducedSide: 0);
        var reduced = await Ingest(library, new IngestOptions().ReducedDecodeSide);

        Assert.Equal(full.Keys.Order(), reduced.Keys.Order());
        // The detector sees both through its 512x512 input, one of whose pixels spans 8 of a 4000-pixel photo, sampled
        // from the full photo or from its quarter-size image: faces scoring near MinScore (0.5) may be found by one only,
        // and a box may move by a detector pixel or two. Where it moved more than one, the landmark net's crop differs
        // and so does the embedding a little (docs/results: 0.989 for one face of twelve).
        var detectorPixel = Math.Max(Width, Height) / 512f;
        var report = new List<string>();
        var (matched, fromRegions, worstShift, worstCosine) = (0, 0, 0f, 1.0);
        foreach (var (path, faces) in full)
        {
            var name = Path.GetFileName(path);
            foreach (var (face, others) in faces.Select(f => (f, reduced[path])).Concat(reduced[path].Select(f => (f, faces))))
            {
                var twin = others.MaxBy(o => o.Box.IntersectionOverUnion(face.Box));
                if ((twin?.Box.IntersectionOverUnion(face.Box) ?? 0) < 0.5 && face.Score >= 0.7)
                {
                    report.Add($"{name}: face {face.Box} scoring {face.Score:0.00} found by one decoding only");
                }
            }

            foreach (var face in faces)
            {
                var twin = reduced[path].MaxBy(r => r.Box.IntersectionOverUnion(face.Box));
                if (twin is null || twin.Box.IntersectionOverUnion(face.Box) < 0.5)
                {
                    continue;
                }

                matched++;
                var shift = new[] { twin.Box.X - face.Box.X, twin.Box.Y - face.Box.Y, twin.Box.Right - face.Box.Right, twin.Box.Bottom - face.Box.Bottom }.Max(Math.Abs);
                var cosine = VectorMath.Cosine(face.Embedding, twin.Embedding);
                (worstShift, worstCosine) = (Math.Max(worstShift, shift), Math.Min(worstCosine, cosine));
                if (shift > 3 * detectorPixel || cosine < (shift <= detectorPixel ? 0.99 : 0.98))
                {
                    report.Add($"{name}: box {face.Box} at full size, {twin.Box} reduced, cosine {cosine:0.0000}");
                }

                fromRegions += Math.Min(face.Box.Width, face.Box.Height) / 4 < 150 ? 1 : 0;
            }
        }

        var summary = $"{matched} faces matched, {fromRegions} of them from finer pixels (a 1/2-scale decode or full-size regions), worst shift {worstShift:0.0} px, worst cosine {worstCosine:0.0000}";
        output.WriteLine(summary);
        Assert.True(report.Count == 0, string.Join("\n", report) + "\n" + summary);
        // Both ways of aligning are compared: faces under 150 pixels in the quarter-size image come from finer pixels.
        Assert.InRange(fromRegions, 1, matched - 1);
        Assert.True(matched >= full.Values.Sum(f => f.Count(x => x.Score >= 0.7)), $"{matched} faces matched");
    }

    [Fact]
    public void DecodeForFaces_QuarterSizeInTheTaggedOrientation_RegionsMatchTheFullDecode()
    {
        var path = MakeTurned(_temp.Path);
        var bytes = File.ReadAllBytes(path);
        var decoder = PhotoDecoder.Default;

        var photo = decoder.DecodeForFaces(bytes, path, reducedSide: 1000);
        var whole = decoder.Decode(bytes, path);

        Assert.Equal((Height, Width), (photo.Width, photo.Height));
        Assert.Equal((whole.Width, whole.Height), (photo.Width, photo.Height));
        Assert.Equal((Height / 4, Width / 4), (photo.Image.Width, photo.Image.Height));
        var region = new PixelRect(1234, 2345, 321, 123);
        Assert.True(whole.Crop(region).Pixels.SequenceEqual(photo.DecodeRegions([region])[0].Pixels));
        // The reduced image shows the same scene: each of its pixels is close to the mean of the 4x4 it stands for.
        var mean = MeanDifference(photo.Image, whole);
        Assert.True(mean < 4, $"reduced pixels differ from the full decode's 4x4 means by {mean:0.00} on average");
    }

    [Fact]
    public void DecodeAt_HalfScaleOfAQuarterSizePhoto_IsTheTaggedOrientationAtHalfSize()
    {
        var path = MakeTurned(_temp.Path);
        var bytes = File.ReadAllBytes(path);
        var photo = PhotoDecoder.Default.DecodeForFaces(bytes, path, reducedSide: 1000);
        var whole = PhotoDecoder.Default.Decode(bytes, path);

        var half = photo.DecodeAt(2);

        Assert.Equal(4, photo.ReducedBy);
        Assert.Equal((Height / 2, Width / 2), (half.Width, half.Height));
        var mean = MeanDifference(half, whole);
        Assert.True(mean < 4, $"half-scale pixels differ from the full decode's 2x2 means by {mean:0.00} on average");
        Assert.Throws<ArgumentOutOfRangeException>(() => photo.DecodeAt(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => photo.DecodeAt(3));
    }

    [Fact]
    public void DecodeForFaces_LimitsApplyToTheFullSize()
    {
        var path = MakeTurned(_temp.Path);
        var decoder = new PhotoDecoder(new DecodeLimits { MaxPixels = 10_000_000 });

        var error = Assert.Throws<ImageLoadException>(() => decoder.DecodeForFaces(File.ReadAllBytes(path), path, reducedSide: 1000));

        Assert.Contains("over the limit", error.Message);
    }

    [Fact]
    public void DecodeForFaces_SmallPhoto_IsDecodedWhole()
    {
        var path = Path.Combine(TestPaths.SamplePhotos, "sample1.jpg");
        var bytes = File.ReadAllBytes(path);

        var photo = PhotoDecoder.Default.DecodeForFaces(bytes, path, reducedSide: 4096);

        Assert.False(photo.IsReduced);
        Assert.True(photo.Image.Pixels.SequenceEqual(PhotoDecoder.Default.Decode(bytes, path).Pixels));
    }

    private async Task<Dictionary<string, List<StoredFace>>> Ingest(string library, int reducedSide)
    {
        using var models = FaceModels.Load(installed.Settings(), "faceapi");
        using var store = SqliteFaceStore.Open(_temp.File($"reduced-{reducedSide}.db"));
        var summary = await new IngestPipeline(store, models, new IngestOptions { ReducedDecodeSide = reducedSide }).RunAsync([library], prune: false);
        Assert.Equal("completed", summary.Run.Status);
        Assert.Equal(0, summary.Run.FilesFailed);
        var faces = store.ReadFaces("faceapi").GroupBy(f => f.PhotoPath).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(3, faces.Count);
        return faces;
    }

    /// <summary>
    /// LFW photos pasted at 2x to 8x onto a 12 MP canvas (faces of about 170 to 750 pixels, so some come from regions
    /// and some from the quarter-size image), one LFW photo filling a 12 MP photo tagged as turned, and a sample photo
    /// (a real group photo) at 12 MP.
    /// </summary>
    private string MakeLibrary()
    {
        var library = Directory.CreateDirectory(_temp.File("library")).FullName;
        (string Person, int Side, int X, int Y)[] tiles =
        [
            ("George_W_Bush", 2000, 0, 0), ("Colin_Powell", 1000, 2100, 100), ("Tony_Blair", 750, 3200, 1200),
            ("Donald_Rumsfeld", 750, 2100, 1300), ("Gerhard_Schroeder", 500, 100, 2200), ("Ariel_Sharon", 500, 1000, 2400),
        ];
        using (var canvas = new Image<Rgb24>(Width, Height, new Rgb24(120, 130, 140)))
        {
            foreach (var (person, side, x, y) in tiles)
            {
                using var tile = Image.Load<Rgb24>(Path.Combine(TestPaths.LfwImages, person, $"{person}_0001.jpg"));
                tile.Mutate(t => t.Resize(side, side));
                canvas.Mutate(c => c.DrawImage(tile, new Point(x, y), 1f));
            }

            canvas.SaveAsJpeg(Path.Combine(library, "pasted.jpg"), new JpegEncoder { Quality = 90 });
        }

        using (var group = Image.Load<Rgb24>(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg")))
        {
            group.Mutate(x => x.Resize(Width, 0));
            group.SaveAsJpeg(Path.Combine(library, "group.jpg"), new JpegEncoder { Quality = 90 });
        }

        MakeTurned(library);
        return library;
    }

    /// <summary>A 12 MP photo stored turned a quarter anticlockwise with EXIF orientation 6, so viewers show it upright (3000x4000).</summary>
    private static string MakeTurned(string folder)
    {
        var path = Path.Combine(folder, "turned.jpg");
        if (!File.Exists(path))
        {
            using var image = new Image<Rgb24>(Height, Width, new Rgb24(90, 100, 110));
            using (var face = Image.Load<Rgb24>(Path.Combine(TestPaths.SamplePhotos, "sample2.jpg")))
            {
                face.Mutate(x => x.Resize(Height, 0));
                image.Mutate(x => x.DrawImage(face, new Point(0, 500), 1f));
            }

            image.Mutate(x => x.Rotate(RotateMode.Rotate270));
            image.SaveAsJpeg(path, new JpegEncoder { Quality = 90 });
            FormatFixtures.TagOrientation(path, 6);
        }

        return path;
    }

    private static double MeanDifference(RgbImage reduced, RgbImage whole)
    {
        var factor = whole.Width / reduced.Width;
        double total = 0;
        for (var y = 0; y < reduced.Height; y += 7)
        {
            for (var x = 0; x < reduced.Width; x += 7)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                    {
                        for (var dx = 0; dx < factor; dx++)
                        {
                            sum += whole.Pixels[(((y * factor) + dy) * whole.Width + (x * factor) + dx) * 3 + c];
                        }
                    }

                    total += Math.Abs(reduced.Pixels[(y * reduced.Width + x) * 3 + c] - ((double)sum / (factor * factor)));
                }
            }
        }

        return total / (3.0 * ((reduced.Height + 6) / 7) * ((reduced.Width + 6) / 7));
    }
}
