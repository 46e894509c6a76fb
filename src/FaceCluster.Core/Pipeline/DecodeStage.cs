using System.Threading.Channels;
using FaceCluster.Decoding;
using FaceCluster.Imaging;
using FaceCluster.Storage;
using FaceCluster.Xmp;

namespace FaceCluster.Pipeline;

/// <summary>
/// Reads and hashes each file; a file whose content hash matches the library needs no decoding. Otherwise identifies
/// it (limits enforced from the header), decodes it with EXIF orientation (a large JPEG at a reduced size, see
/// <see cref="PhotoDecoder.DecodeForFaces"/>) and reads the named face regions of its XMP and sidecars. Several decoders
/// run in parallel.
/// </summary>
public sealed class DecodeStage(PhotoDecoder decoder, int reducedSide, string profile, int workers, StageClock clock)
{
    public Task RunAsync(ChannelReader<PhotoWork> input, ChannelWriter<PhotoWork> output, CancellationToken cancellationToken) =>
        StageLoop.RunAsync(input, output, workers, work => clock.Time("decode", () => Decode(work, cancellationToken)), cancellationToken);

    private PhotoWork Decode(PhotoWork work, CancellationToken cancellationToken)
    {
        if (work.File.Problem is { } problem)
        {
            return Outcomes.BadFile(work, profile, problem);
        }

        try
        {
            var (bytes, hash) = decoder.Read(work.File.Path);
            work = work with { ContentHash = hash };
            var previous = work.File.Previous;
            if (previous is { Status: PhotoStatus.Ok } && previous.ContentHash == hash && previous.Profile == profile)
            {
                return Outcomes.Unchanged(work, profile);
            }

            var photo = Timed(decoder.DecodeForFaces(bytes, work.File.Path, reducedSide, cancellationToken));
            return work with
            {
                Photo = photo, Width = photo.Width, Height = photo.Height,
                NamedRegions = PhotoFaceNames.Read(work.File.Path, bytes, photo.Width, photo.Height),
            };
        }
        catch (ImageLoadException ex)
        {
            return Outcomes.BadFile(work, profile, ex.Message);
        }
    }

    /// <summary>A reduced photo whose finer decodes (regions or a finer scale), done later by the align stage, count as "regions" busy time.</summary>
    private DecodedPhoto Timed(DecodedPhoto photo) => photo.IsReduced
        ? new DecodedPhoto(photo.Image, photo.Width, photo.Height, request => clock.Time("regions", () => photo.Decode(request)))
        : photo;
}
