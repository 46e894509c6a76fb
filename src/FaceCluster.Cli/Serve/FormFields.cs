using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace FaceCluster.Cli.Serve;

/// <summary>Reads the fields of a posted form; a missing or malformed number is a refused correction, not a crash.</summary>
public static class FormFields
{
    public static long Long(IFormCollection form, string name) =>
        long.TryParse(form[name].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Storage.CorrectionException($"'{name}' must be a number");

    public static IReadOnlyList<long> Longs(IFormCollection form, string name)
    {
        var values = form[name].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
        return values.Count == 0 || values.Contains(-1) ? throw new Storage.CorrectionException("select at least one face") : values;
    }

    public static string Text(IFormCollection form, string name) =>
        form[name].FirstOrDefault()?.Trim() is { Length: > 0 } text ? text : throw new Storage.CorrectionException($"'{name}' cannot be empty");

    /// <summary>A page number or keyset position from the query string; anything else is the first page.</summary>
    public static long Query(HttpRequest request, string name) =>
        long.TryParse(request.Query[name].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
