using System.Globalization;
using FaceCluster.Configuration;
using FaceCluster.Storage;

namespace FaceCluster.Lfw;

/// <summary>
/// The same-person threshold a profile uses: the one `lfw --write-threshold` calibrated and stored in the library,
/// else the profile's configured Threshold.
/// </summary>
public static class CalibratedThreshold
{
    public static string Key(string profile) => $"threshold:{profile}";

    public static (float Value, string Source) Resolve(IFaceStore store, string profileName, ModelProfile profile) =>
        store.GetSetting(Key(profileName)) is { } stored && float.TryParse(stored, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? (value, "calibrated on LFW")
            : (profile.Threshold, "appsettings.json");
}
