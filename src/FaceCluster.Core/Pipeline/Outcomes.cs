using FaceCluster.Storage;

namespace FaceCluster.Pipeline;

/// <summary>Builds the <see cref="PhotoOutcome"/> a photo ends with.</summary>
internal static class Outcomes
{
    public static PhotoWork Failed(PhotoWork work, string profile, string reason) => work with
    {
        Image = null,
        Outcome = new PhotoOutcome(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, 0, 0, PhotoStatus.Failed, reason, profile, []),
    };

    /// <summary>Same bytes as stored: only size and mtime are refreshed, faces stay as they are.</summary>
    public static PhotoWork Unchanged(PhotoWork work, string profile) => work with
    {
        Outcome = new PhotoOutcome(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, 0, 0,
            work.File.Previous!.Status, work.File.Previous.Error, profile, null),
    };

    public static PhotoOutcome Done(PhotoWork work, int width, int height, string profile, IReadOnlyList<FaceRecord> faces) =>
        new(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, width, height, PhotoStatus.Ok, null, profile, faces);
}
