using System.Globalization;
using System.Xml.Linq;

namespace FaceCluster.Xmp;

/// <summary>
/// The named face regions of an XMP packet: MWG regions (<c>mwg-rs:Regions</c>, Type Face, normalised centre and size;
/// Lightroom, digiKam, Picasa) and Microsoft People Tagging regions (<c>MP:RegionInfo</c>, normalised top-left
/// rectangle; Windows Photo Gallery). Both are read in the stored, un-rotated frame: MWG requires it, and FaceCluster
/// writes Microsoft's rectangles in the same frame. Regions without a name, of another type, or with a broken area are
/// skipped.
/// </summary>
public static class XmpRegionReader
{
    public static IReadOnlyList<NamedRegion> Read(XDocument document)
    {
        var descriptions = RdfValues.Descriptions(document).ToList();
        return [.. Mwg(descriptions).Concat(Microsoft(descriptions)).Distinct()];
    }

    private static IEnumerable<NamedRegion> Mwg(IReadOnlyList<XElement> descriptions)
    {
        var regions = RdfValues.Struct(descriptions, XmpNames.Regions).ToList();
        foreach (var region in RdfValues.Items(regions, XmpNames.MwgRegions + "RegionList"))
        {
            var type = RdfValues.Text(region, XmpNames.MwgRegions + "Type");
            var name = RdfValues.Text(region, XmpNames.MwgRegions + "Name")?.Trim();
            var area = RdfValues.Struct(region, XmpNames.MwgRegions + "Area").ToList();
            var unit = RdfValues.Text(area, XmpNames.Area + "unit");
            if ((type is null || type == "Face") && !string.IsNullOrEmpty(name) && (unit is null || unit == "normalized") &&
                RdfValues.Number(area, XmpNames.Area + "x") is { } x && RdfValues.Number(area, XmpNames.Area + "y") is { } y &&
                RdfValues.Number(area, XmpNames.Area + "w") is { } w && RdfValues.Number(area, XmpNames.Area + "h") is { } h &&
                Plausible(w, h))
            {
                yield return new NamedRegion(name, NormalizedRect.FromCentre(x, y, w, h));
            }
        }
    }

    private static IEnumerable<NamedRegion> Microsoft(IReadOnlyList<XElement> descriptions)
    {
        var info = RdfValues.Struct(descriptions, XmpNames.MicrosoftRegions).ToList();
        foreach (var region in RdfValues.Items(info, XmpNames.MicrosoftRegionInfo + "Regions"))
        {
            var name = RdfValues.Text(region, XmpNames.MicrosoftRegion + "PersonDisplayName")?.Trim();
            var parts = RdfValues.Text(region, XmpNames.MicrosoftRegion + "Rectangle")?.Split(',', StringSplitOptions.TrimEntries);
            var numbers = parts?.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
            if (!string.IsNullOrEmpty(name) && numbers is { Count: 4 } && numbers.All(n => n is not null) && Plausible(numbers[2]!.Value, numbers[3]!.Value))
            {
                yield return new NamedRegion(name, new NormalizedRect(numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value));
            }
        }
    }

    private static bool Plausible(double width, double height) => width is > 0 and <= 1 && height is > 0 and <= 1;
}
