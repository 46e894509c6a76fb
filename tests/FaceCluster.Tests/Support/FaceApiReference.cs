using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Tests.Support;

/// <summary>
/// Reference outputs computed by face-api.js 1.7.15 itself (tfjs 4.22.0, WASM backend) by tools/reference, stored in
/// Fixtures/faceapi/reference.json. Boxes and rects are [x, y, width, height] in image pixels.
/// </summary>
public sealed record FaceApiReference(
    [property: JsonPropertyName("faceApiVersion")] string FaceApiVersion,
    [property: JsonPropertyName("tfjsVersion")] string TfjsVersion,
    [property: JsonPropertyName("backend")] string Backend,
    [property: JsonPropertyName("minConfidence")] double MinConfidence,
    [property: JsonPropertyName("images")] IReadOnlyList<ReferenceImage> Images)
{
    private static readonly Lazy<FaceApiReference> Instance = new(() =>
        JsonSerializer.Deserialize<FaceApiReference>(File.ReadAllText(TestPaths.Fixture("faceapi", "reference.json")))
        ?? throw new InvalidDataException("reference.json is empty"));

    public static FaceApiReference Load() => Instance.Value;
}

/// <param name="File">"samples/photos/sample1.jpg" (repository-relative) or "lfw:Name/Name_0001.jpg".</param>
/// <param name="RgbSha256">SHA-256 of the decoded, auto-oriented RGB bytes the reference saw (as decoded by ImageSharp).</param>
public sealed record ReferenceImage(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("rgbSha256")] string RgbSha256,
    [property: JsonPropertyName("faces")] IReadOnlyList<ReferenceFace> Faces);

/// <param name="Box">SSD detection box, image pixels (unrounded).</param>
/// <param name="LandmarkCrop">The integer crop given to the landmark net (clipAtImageBorders + floor of the box).</param>
/// <param name="LandmarksRelative">68 points relative to the landmark crop, 0..1 (FaceLandmarks.relativePositions).</param>
/// <param name="Landmarks">68 points in image pixels.</param>
/// <param name="AlignedRect">The integer crop the recogniser saw (alignDlib rect after clipping).</param>
/// <param name="Descriptor">The 128-d descriptor face-api.js returned for that crop.</param>
public sealed record ReferenceFace(
    [property: JsonPropertyName("box")] double[] Box,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("landmarkCrop")] int[] LandmarkCrop,
    [property: JsonPropertyName("landmarksRelative")] double[][] LandmarksRelative,
    [property: JsonPropertyName("landmarks")] double[][] Landmarks,
    [property: JsonPropertyName("alignedRect")] int[] AlignedRect,
    [property: JsonPropertyName("descriptor")] float[] Descriptor);
