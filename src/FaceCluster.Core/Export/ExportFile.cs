using FaceCluster.Indexing;

namespace FaceCluster.Export;

/// <summary>
/// Writes an export in one of the formats, all or nothing: into a temporary file beside the target that replaces it
/// only when complete, so a failed export (a full disk, a crash) leaves the previous export as it was.
/// </summary>
public static class ExportFile
{
    public static readonly IReadOnlyList<string> Formats = ["json", "csv", "html"];

    public static void Write(LibraryExport export, string format, string path) =>
        Write(export, format, path, temporary => new FileStream(temporary, FileMode.CreateNew, FileAccess.Write));

    /// <param name="open">Opens the temporary file (tests put a failing stream in between).</param>
    internal static void Write(LibraryExport export, string format, string path, Func<string, Stream> open)
    {
        Action<LibraryExport, Stream> writer = format switch
        {
            "json" => ExportWriter.WriteJson,
            "csv" => ExportWriter.WriteCsv,
            "html" => (e, s) => HtmlGallery.Write(e, s),
            _ => throw new ArgumentException($"unknown export format '{format}' (json, csv or html)", nameof(format)),
        };
        AtomicFile.Replace(path, temporary =>
        {
            using var stream = open(temporary);
            writer(export, stream);
        });
    }
}
