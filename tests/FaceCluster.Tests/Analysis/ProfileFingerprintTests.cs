using FaceCluster.Analysis;
using FaceCluster.Tests.Support;

namespace FaceCluster.Tests.Analysis;

/// <summary>
/// A profile's fingerprint keys stored embeddings and caches, so it must not change when the code that writes it does:
/// the expected values are what the previous version (reflection-based JSON over anonymous types) computed for the
/// shipped profiles.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ProfileFingerprintTests(InstalledModels installed)
{
    [Theory]
    [InlineData("faceapi", "00cec0d5fe4a")]
    [InlineData("faceapi-int8", "3c37d0db63c8")]
    [InlineData("faceapi-mirror", "355918142ce8")]
    [InlineData("human-faceres", "98ca7fe046a2")]
    [InlineData("fused", "e86fafab91c2")]
    public void Fingerprint_OfAShippedProfile_IsTheOneEarlierVersionsComputed(string profile, string expected)
    {
        using var models = FaceModels.Load(installed.Settings(), profile);

        Assert.Equal(expected, models.Fingerprint);
    }
}
