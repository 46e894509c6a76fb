using System.Net;
using System.Text;
using FaceCluster.Decoding;
using FaceCluster.Imaging;

namespace FaceCluster.Export;

/// <summary>
/// A static gallery in one HTML file: a section per person with face thumbnails (cropped from the photos, embedded as
/// data URIs) and counts. It opens from disk with no server and no network.
/// </summary>
public static class HtmlGallery
{
    public const int ThumbnailSize = 96;

    public static void Write(LibraryExport export, Stream stream, int facesPerPerson = 48)
    {
        var thumbnails = new Thumbnailer();
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>FaceCluster people</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;background:#fafafa}section{margin-bottom:2em}h2{margin:.2em 0}")
            .Append(".faces{display:flex;flex-wrap:wrap;gap:6px}.faces img{width:96px;height:96px;border-radius:6px;object-fit:cover;background:#ddd}")
            .Append(".count{color:#666;font-weight:normal}</style></head><body>")
            .Append($"<h1>{export.People.Count} people, {export.People.Sum(p => p.Faces.Count)} faces ({export.Unassigned.Count} unassigned)</h1>");
        foreach (var person in export.People)
        {
            // <bdi> isolates the name: a right-to-left override in it cannot reverse the rest of the heading.
            var title = person.Name is null ? $"Person {person.Id}" : $"<bdi>{WebUtility.HtmlEncode(person.Name)}</bdi> (person {person.Id})";
            Section(html, $"person-{person.Id}", title, person.Faces, facesPerPerson, thumbnails);
        }

        if (export.Unassigned.Count > 0)
        {
            Section(html, "unassigned", "Unassigned", export.Unassigned, facesPerPerson, thumbnails);
        }

        html.Append("</body></html>");
        using var writer = new StreamWriter(stream, ExportWriter.Utf8, leaveOpen: true);
        writer.Write(html);
    }

    private static void Section(StringBuilder html, string id, string title, IReadOnlyList<ExportedFace> faces, int limit, Thumbnailer thumbnails)
    {
        html.Append($"<section id=\"{id}\"><h2>{title} <span class=\"count\">{faces.Count} face{(faces.Count == 1 ? "" : "s")}</span></h2><div class=\"faces\">");
        foreach (var face in faces.Take(limit))
        {
            // An attribute cannot hold <bdi>: the Unicode isolates FSI … PDI do the same for the file name there.
            var alt = WebUtility.HtmlEncode($"face {face.FaceId} in \u2068{Path.GetFileName(face.Path)}\u2069");
            html.Append($"<img alt=\"{alt}\" title=\"{alt}\" src=\"{thumbnails.DataUri(face)}\">");
        }

        html.Append("</div></section>");
    }

    /// <summary>Crops faces with a margin, decoding each photo once for all its faces.</summary>
    private sealed class Thumbnailer
    {
        private string? _path;
        private RgbImage? _image;

        public string DataUri(ExportedFace face)
        {
            try
            {
                if (_path != face.Path)
                {
                    _image = PhotoDecoder.Default.Load(face.Path);
                    _path = face.Path;
                }

                return "data:image/jpeg;base64," + Convert.ToBase64String(FaceThumbnail.Jpeg(_image!, face.Box[0], face.Box[1], face.Box[2], face.Box[3], ThumbnailSize));
            }
            catch (ImageLoadException)
            {
                // The photo changed or vanished since ingest: show an empty tile rather than fail the export.
                _path = face.Path;
                return "data:,";
            }
        }
    }
}
