using System.Runtime.InteropServices;
using System.Xml;
using FaceCluster.Imaging;
using FaceCluster.Indexing;
using FaceCluster.Scanning;
using FaceCluster.Xmp;

namespace FaceCluster.Export;

/// <summary>
/// Writes a sidecar beside each photo with named faces (people with a name, merges followed), never touching the photo
/// itself. Each sidecar is replaced atomically; one that is unchanged is not rewritten. A photo that cannot be read, or
/// whose sidecar is not XML this writer can merge into, is skipped and reported.
/// </summary>
public static class XmpExport
{
    /// <param name="write">False for a dry run: the changes are worked out and returned, nothing is written.</param>
    public static IReadOnlyList<SidecarChange> Run(LibraryExport export, SidecarNaming naming, bool write)
    {
        var photos = export.People.Where(p => !string.IsNullOrWhiteSpace(p.Name))
            .SelectMany(p => p.Faces.Select(f => (Name: p.Name!, Face: f)))
            .GroupBy(f => f.Face.Path, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        string SidecarOf(string photo) => naming == SidecarNaming.Extension ? photo + ".xmp" : Path.ChangeExtension(photo, ".xmp");
        // Two photos that differ only in extension (IMG_1.jpg, IMG_1.png) would share IMG_1.xmp: neither gets it.
        var shared = photos.GroupBy(p => SidecarOf(p.Key), StringComparer.Ordinal).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Key).ToList(), StringComparer.Ordinal);
        var changes = new List<SidecarChange>();
        foreach (var photo in photos)
        {
            var faces = photo.OrderBy(f => f.Face.FaceId).ToList();
            var sidecar = SidecarOf(photo.Key);
            changes.Add(shared.TryGetValue(sidecar, out var sharing)
                ? new SidecarChange(photo.Key, sidecar, [.. faces.Select(f => f.Name)], "skip",
                    $"also the sidecar of {sharing.First(p => p != photo.Key)}; use --sidecar-name ext")
                : One(photo.Key, sidecar, faces, write));
        }

        return changes;
    }

    private static SidecarChange One(string photo, string sidecar, IReadOnlyList<(string Name, ExportedFace Face)> faces, bool write)
    {
        var names = faces.Select(f => f.Name).ToList();
        SidecarChange Skip(string problem) => new(photo, sidecar, names, "skip", problem);
        try
        {
            var frame = PhotoFrame.Read(photo);
            var regions = faces.Select(f => new NamedRegion(f.Name, frame.ToStored(f.Face.Box[0], f.Face.Box[1], f.Face.Box[2], f.Face.Box[3]))).ToList();
            var (exists, problem) = Examine(sidecar);
            if (problem is not null)
            {
                return Skip(problem);
            }

            var existing = exists ? File.ReadAllText(sidecar) : null;
            var text = XmpSidecar.Merge(existing, regions, frame.StoredWidth, frame.StoredHeight);
            var action = existing is null ? "create" : existing == text ? "unchanged" : "update";
            if (write && action != "unchanged")
            {
                AtomicFile.Replace(sidecar, temporary => File.WriteAllText(temporary, text, ExportWriter.Utf8));
            }

            return new SidecarChange(photo, sidecar, names, action);
        }
        catch (ImageLoadException ex)
        {
            return Skip($"photo: {ex.Message}");
        }
        catch (XmlException ex)
        {
            return Skip($"existing sidecar is not XMP: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Skip(ex.Message);
        }
    }

    /// <summary>
    /// Whether a sidecar is there, looked at without opening it: a FIFO where the sidecar goes would block the read, and
    /// neither it nor anything else that is not a regular file is a sidecar to replace.
    /// </summary>
    private static (bool Exists, string? Problem) Examine(string sidecar)
    {
        var (status, errno) = FileStatus.Of(sidecar);
        return errno switch
        {
            LibC.NoSuchFile => (false, null),
            0 when status.Kind == FileKind.Regular => (true, null),
            0 => (true, $"not a regular file: {FileStatus.Describe(status.Kind)}"),
            _ => (false, $"cannot examine the sidecar: {Marshal.GetPInvokeErrorMessage(errno)}"),
        };
    }
}
