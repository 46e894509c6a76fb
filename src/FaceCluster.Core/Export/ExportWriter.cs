using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FaceCluster.Export;

/// <summary>Writes a <see cref="LibraryExport"/> as JSON or CSV (the HTML gallery is <see cref="HtmlGallery"/>).</summary>
public static class ExportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void WriteJson(LibraryExport export, string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            people = export.People.Select(p => new { id = p.Id, name = p.Name, faces = p.Faces.Select(Face) }),
            unassigned = export.Unassigned.Select(Face),
        }, Json));

    public static void WriteCsv(LibraryExport export, string path)
    {
        var csv = new StringBuilder("faceId,personId,name,path,x,y,width,height,score\n");
        foreach (var person in export.People)
        {
            foreach (var face in person.Faces)
            {
                Row(csv, face, person.Id.ToString(CultureInfo.InvariantCulture), person.Name);
            }
        }

        foreach (var face in export.Unassigned)
        {
            Row(csv, face, "", null);
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static object Face(ExportedFace f) => new { faceId = f.FaceId, path = f.Path, box = f.Box, score = f.Score };

    private static void Row(StringBuilder csv, ExportedFace face, string person, string? name) =>
        csv.Append(CultureInfo.InvariantCulture,
            $"{face.FaceId},{person},{Quote(name ?? "")},{Quote(face.Path)},{face.Box[0]:0.#},{face.Box[1]:0.#},{face.Box[2]:0.#},{face.Box[3]:0.#},{face.Score:0.###}\n");

    /// <summary>RFC 4180 quoting, so names and paths with commas or quotes survive a spreadsheet.</summary>
    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
