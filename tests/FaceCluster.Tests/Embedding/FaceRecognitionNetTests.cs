using FaceCluster.Decoding;
using System.Security.Cryptography;
using FaceCluster.Imaging;
using FaceCluster.Models.FaceApi;
using FaceCluster.Tests.Support;
using Xunit.Abstractions;

namespace FaceCluster.Tests.Embedding;

public sealed class FaceRecognitionNetTests(FaceRecognitionNetSession net, ITestOutputHelper output) : IClassFixture<FaceRecognitionNetSession>
{
    [Fact]
    public void Convert_RealWeights_DeclaresDynamicBatchInputAndEmbeddingOutput()
    {
        // Given the converted face-api.js recogniser loaded in ONNX Runtime
        var inputs = net.Session.InputMetadata;
        var outputs = net.Session.OutputMetadata;

        // Then it takes [N, 3, 150, 150] and returns [N, 128]
        Assert.Equal([FaceRecognitionNetConverter.InputName], inputs.Keys);
        Assert.Equal([-1, 3, 150, 150], inputs[FaceRecognitionNetConverter.InputName].Dimensions);
        Assert.Equal([FaceRecognitionNetConverter.OutputName], outputs.Keys);
        Assert.Equal([-1, 128], outputs[FaceRecognitionNetConverter.OutputName].Dimensions);
        output.WriteLine($"parameters: {net.ParameterCount:N0}");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Run_BatchOfThree_MatchesThreeSingleRuns()
    {
        // Given three real face crops of different shapes
        (RgbImage, PixelRect)[] faces =
        [
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "Aaron_Eckhart", "Aaron_Eckhart_0001.jpg")), new PixelRect(70, 60, 110, 130)),
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.LfwImages, "AJ_Cook", "AJ_Cook_0001.jpg")), new PixelRect(65, 70, 120, 100)),
            (PhotoDecoder.Default.Load(Path.Combine(TestPaths.SamplePhotos, "sample1.jpg")), new PixelRect(0, 0, 150, 150)),
        ];

        // When they run as one batch and one at a time
        var batch = net.Run(FaceRecognitionNetSession.Pack(faces));
        var singles = faces.Select(f => net.Run(FaceRecognitionNetSession.Pack([f]))[0]).ToArray();

        // Then every descriptor agrees to within 1e-5
        Assert.Equal(3, batch.Length);
        for (var i = 0; i < faces.Length; i++)
        {
            Assert.Equal(FaceRecognitionNetConverter.EmbeddingLength, batch[i].Length);
            var diff = MaxAbsDiff(batch[i], singles[i]);
            Assert.True(diff <= 1e-5, $"face {i}: batch and single runs differ by {diff}");
        }

        Assert.True(MaxAbsDiff(batch[0], batch[1]) > 1e-3, "different faces gave the same descriptor");
    }

    [Trait("Category", "Shared")]
    [SharedDataFact]
    public void Run_FixtureFaces_MatchFaceApiDescriptors()
    {
        // Given every face face-api.js described in the reference fixture, cropped at the rect it used
        var reference = FaceApiReference.Load();
        var faces = new List<(RgbImage Image, PixelRect Crop, float[] Expected, string Label)>();
        foreach (var entry in reference.Images)
        {
            var image = PhotoDecoder.Default.Load(TestPaths.ResolveImage(entry.File));
            Assert.Equal((entry.Width, entry.Height), (image.Width, image.Height));
            Assert.Equal(entry.RgbSha256, Convert.ToHexStringLower(SHA256.HashData(image.Pixels)));
            for (var i = 0; i < entry.Faces.Count; i++)
            {
                var face = entry.Faces[i];
                var rect = new PixelRect(face.AlignedRect[0], face.AlignedRect[1], face.AlignedRect[2], face.AlignedRect[3]);
                faces.Add((image, rect, face.Descriptor, $"{entry.File}#{i}"));
            }
        }

        // When our converted network describes the same crops
        var ours = net.Run(FaceRecognitionNetSession.Pack(faces.Select(f => (f.Image, f.Crop)).ToArray()));

        // Then each descriptor points the same way as face-api.js's
        var minCosine = double.MaxValue;
        var maxDiff = 0.0;
        for (var i = 0; i < faces.Count; i++)
        {
            var cosine = VectorMath.Cosine(ours[i], faces[i].Expected);
            var diff = MaxAbsDiff(ours[i], faces[i].Expected);
            output.WriteLine($"{faces[i].Label}: cosine {cosine:F9}, max |diff| {diff:E2}");
            minCosine = Math.Min(minCosine, cosine);
            maxDiff = Math.Max(maxDiff, diff);
        }

        output.WriteLine($"faces: {faces.Count}, min cosine: {minCosine:F9}, max |diff|: {maxDiff:E3}");
        Assert.True(faces.Count >= 10, $"only {faces.Count} reference faces");
        Assert.True(minCosine >= 0.9999, $"min cosine {minCosine:F7} < 0.9999");

        // Cosine alone barely sees a wrong input scale (dividing by 256 instead of 255 still gives 0.99999),
        // while the element-wise error then grows to ~2e-4, against ~5e-7 for the right one.
        Assert.True(maxDiff <= 5e-5, $"max |diff| {maxDiff:E3} > 5e-5");
    }

    [Fact]
    public void FoldScale_TfFilter_BecomesScaledOnnxFilterAndBias()
    {
        // Given a 1x1 TF filter [kh=1, kw=1, in=2, out=3] (index = in * 3 + out), bias, scale and shift
        float[] filters = [1, 2, 3, 4, 5, 6];

        // When the scale layer is folded in
        var (weights, bias) = FaceRecognitionNetConverter.FoldScale(filters, 1, 2, 3, [1, 1, 1], [2, 3, 4], [10, 20, 30]);

        // Then the filter is [out, in] scaled per output channel, and bias = bias * scale + shift
        Assert.Equal([2f, 8f, 6f, 15f, 12f, 24f], weights);
        Assert.Equal([12f, 23f, 34f], bias);
    }


    private static double MaxAbsDiff(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();
    }
}
