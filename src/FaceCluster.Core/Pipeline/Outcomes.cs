using FaceCluster.Storage;
using FaceCluster.Xmp;

namespace FaceCluster.Pipeline;

/// <summary>Builds the <see cref="PhotoOutcome"/> a photo ends with.</summary>
internal static class Outcomes
{
    /// <summary>
    /// A stage after decoding failed on the photo (detection, landmarks, alignment, embedding): the file is fine, so the
    /// next run tries it again.
    /// </summary>
    public static PhotoWork Failed(PhotoWork work, string profile, string reason) => Ended(work, profile, PhotoStatus.ProcessingFailed, reason);

    /// <summary>The file itself cannot be read or decoded: skipped until it changes.</summary>
    public static PhotoWork BadFile(PhotoWork work, string profile, string reason) => Ended(work, profile, PhotoStatus.Failed, reason);

    /// <summary>Same bytes as stored: only size and mtime are refreshed, faces stay as they are.</summary>
    public static PhotoWork Unchanged(PhotoWork work, string profile) => work with
    {
        Outcome = new PhotoOutcome(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, 0, 0,
            work.File.Previous!.Status, work.File.Previous.Error, profile, null),
    };

    private static PhotoWork Ended(PhotoWork work, string profile, PhotoStatus status, string reason) => work with
    {
        Photo = null,
        Outcome = new PhotoOutcome(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, 0, 0, status, reason, profile, []),
    };

    /// <summary>A processed photo; faces under a named XMP region carry that name.</summary>
    public static PhotoOutcome Done(PhotoWork work, int width, int height, string profile, IReadOnlyList<FaceRecord> faces)
    {
        if (work.NamedRegions.Count > 0)
        {
            var names = RegionMatcher.Match(faces.Select(f => f.Box).ToList(), work.NamedRegions);
            faces = faces.Select((f, i) => names[i] is { } name ? f with { Name = name } : f).ToList();
        }

        return new(work.File.Path, work.File.Size, work.File.MtimeMs, work.ContentHash, width, height, PhotoStatus.Ok, null, profile, faces);
    }
}
