using FaceCluster.Indexing;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Indexing;

public sealed class IndexMetadataTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void KeySetHash_SameKeysAnyOrder_SameValue_AnyChange_DifferentValue()
    {
        var keys = Enumerable.Range(1, 1000).Select(i => (long)i * 7).ToArray();

        var forward = KeySetHash.Of(keys);
        var backward = KeySetHash.Of(keys.Reverse());
        var replaced = KeySetHash.Of(keys.Take(999).Append(1L));
        var removed = KeySetHash.Of(keys.Skip(1));

        Assert.Equal(forward.ToString(), backward.ToString());
        Assert.NotEqual(forward.ToString(), replaced.ToString());
        Assert.NotEqual(forward.ToString(), removed.ToString());
        Assert.Equal(1000, forward.Count);
        Assert.Equal(7000, forward.MaxKey);
        Assert.Equal(-1, new KeySetHash().MaxKey);
    }

    [Fact]
    public void SaveThenTryLoad_RoundTrips_AndMatchesTheSameFaces()
    {
        var path = IndexMetadata.SidecarPath(_temp.File("faces.usearch"));
        var saved = IndexMetadata.Describe("faceapi", 128, [3, 1, 2]);

        saved.Save(path);
        var loaded = IndexMetadata.TryLoad(path);

        Assert.Equal(saved, loaded);
        Assert.True(loaded!.Matches(IndexMetadata.Describe("faceapi", 128, [1, 2, 3])));
        Assert.Equal(3, loaded.MaxFaceId);
        Assert.EndsWith("faces.usearch.json", path);
    }

    [Fact]
    public void Matches_DifferentProfileDimensionFacesOrContent_IsFalse()
    {
        var current = IndexMetadata.Describe("faceapi", 128, [1, 2, 3]);

        Assert.False(current.Matches(IndexMetadata.Describe("facenet", 128, [1, 2, 3])));
        Assert.False(current.Matches(IndexMetadata.Describe("faceapi", 512, [1, 2, 3])));
        Assert.False(current.Matches(IndexMetadata.Describe("faceapi", 128, [1, 2, 4])));
        Assert.False(current.Matches(current with { FormatVersion = IndexMetadata.CurrentFormatVersion + 1 }));
        Assert.False(current.Matches(current with { ContentHash = "another content" }));
        Assert.True(current.Matches(current with { CreatedUtc = DateTimeOffset.UnixEpoch }));
    }

    [Fact]
    public void TryLoad_MissingOrCorrupt_ReturnsNull()
    {
        var corrupt = _temp.File("corrupt.json");
        File.WriteAllText(corrupt, "{ not json");

        Assert.Null(IndexMetadata.TryLoad(_temp.File("missing.json")));
        Assert.Null(IndexMetadata.TryLoad(corrupt));
    }
}
