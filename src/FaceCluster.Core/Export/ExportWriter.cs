using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceCluster.Export;

/// <summary>Writes a <see cref="LibraryExport"/> as JSON or CSV (the HTML gallery is <see cref="HtmlGallery"/>).</summary>
public static class ExportWriter
{
    /// <summary>UTF-8 without a byte order mark, as File.WriteAllText writes.</summary>
    internal static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteJson(LibraryExport export, Stream stream) =>
        JsonSerializer.Serialize(stream, new ExportDocument(export.People, export.Unassigned), ExportJson.Default.ExportDocument);

    public static void WriteCsv(LibraryExport export, Stream stream)
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

        using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
        writer.Write(csv);
    }

    private static void Row(StringBuilder csv, ExportedFace face, string person, string? name) =>
        csv.Append(CultureInfo.InvariantCulture,
            $"{face.FaceId},{person},{Cell(name ?? "")},{Cell(face.Path)},{face.Box[0]:0.#},{face.Box[1]:0.#},{face.Box[2]:0.#},{face.Box[3]:0.#},{face.Score:0.###}\n");

    /// <summary>
    /// A text cell, quoted (RFC 4180) so commas, quotes and line breaks survive. A cell a spreadsheet would read as a
    /// formula (it starts with =, +, -, @, a tab or a carriage return) gets a leading single quote, as OWASP's CSV
    /// injection advice says: a name like <c>=HYPERLINK(...)</c> stays text.
    /// </summary>
    private static string Cell(string value)
    {
        var text = value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

/// <summary>The exported JSON document: people with their faces, then the faces of nobody.</summary>
internal sealed record ExportDocument(IReadOnlyList<ExportedPerson> People, IReadOnlyList<ExportedFace> Unassigned);

/// <summary>The export's JSON (camel-case names, indented), generated at build time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ExportDocument))]
internal sealed partial class ExportJson : JsonSerializerContext;
