using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using FaceCluster.Xmp;

namespace FaceCluster.Export;

/// <summary>
/// The face names of one photo as XMP: MWG regions, Microsoft People Tagging regions, IPTC Extension PersonInImage and
/// digiKam's <c>People/NAME</c> tags. Merged into an existing sidecar, only those properties are replaced (and only the
/// <c>People/</c> tags of digiKam's list); every other property, namespace and processing instruction stays.
/// </summary>
public static class XmpSidecar
{
    /// <param name="existing">The sidecar's current text, or null for a new sidecar.</param>
    /// <param name="faces">Named faces in the stored, un-rotated frame.</param>
    /// <param name="storedWidth">Pixel width of the stored, un-rotated image.</param>
    /// <param name="storedHeight">Pixel height of the stored, un-rotated image.</param>
    /// <exception cref="XmlException">The existing sidecar is not XMP this writer can merge into (left alone by the caller).</exception>
    public static string Merge(string? existing, IReadOnlyList<NamedRegion> faces, int storedWidth, int storedHeight)
    {
        var document = existing is null ? Empty() : RdfValues.Parse(existing);
        var rdf = document.Descendants(XmpNames.Rdf + "RDF").FirstOrDefault()
            ?? throw new XmlException("the sidecar holds no rdf:RDF element");
        var keptTags = RemoveOurs(rdf);
        var description = rdf.Elements(XmpNames.Description).FirstOrDefault();
        if (description is null)
        {
            description = new XElement(XmpNames.Description, new XAttribute(XmpNames.About, ""));
            rdf.Add(description);
        }

        foreach (var (prefix, ns) in XmpNames.Prefixes)
        {
            if (description.GetPrefixOfNamespace(ns) is null)
            {
                description.Add(new XAttribute(XNamespace.Xmlns + prefix, ns));
            }
        }

        var names = faces.Select(f => XmlText(f.Name)).ToList();
        description.Add(
            Mwg(faces, names, storedWidth, storedHeight),
            Microsoft(faces, names),
            new XElement(XmpNames.PersonInImage, Array("Bag", names.Distinct(StringComparer.Ordinal))),
            new XElement(XmpNames.TagsList, Array("Seq", keptTags.Concat(names.Select(n => "People/" + n)).Distinct(StringComparer.Ordinal))));

        // Always indented (whitespace is not kept when parsing), so merging into a sidecar written before gives the same text.
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = true }))
        {
            document.Save(writer);
        }

        return text.Append('\n').ToString();
    }

    /// <summary>A new sidecar: an XMP packet with one empty description.</summary>
    private static XDocument Empty() => new(
        new XProcessingInstruction("xpacket", "begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\""),
        new XElement(XmpNames.Meta + "xmpmeta",
            new XAttribute(XNamespace.Xmlns + "x", XmpNames.Meta),
            new XAttribute(XmpNames.Meta + "xmptk", "FaceCluster"),
            new XElement(XmpNames.Rdf + "RDF",
                new XAttribute(XNamespace.Xmlns + "rdf", XmpNames.Rdf),
                new XElement(XmpNames.Description, new XAttribute(XmpNames.About, "")))),
        new XProcessingInstruction("xpacket", "end=\"w\""));

    /// <summary>Removes the properties this writer owns from every description; returns digiKam tags that are not people.</summary>
    private static List<string> RemoveOurs(XElement rdf)
    {
        var descriptions = rdf.Elements(XmpNames.Description).ToList();
        var keptTags = descriptions.Elements(XmpNames.TagsList).Elements().Elements(XmpNames.Item)
            .Select(i => i.Value).Where(t => !t.StartsWith("People/", StringComparison.Ordinal) && t != "People").ToList();
        XName[] ours = [XmpNames.Regions, XmpNames.MicrosoftRegions, XmpNames.PersonInImage, XmpNames.TagsList];
        descriptions.Elements().Where(e => ours.Contains(e.Name)).Remove();
        descriptions.Attributes().Where(a => ours.Contains(a.Name)).Remove();
        return keptTags;
    }

    private static XElement Mwg(IReadOnlyList<NamedRegion> faces, IReadOnlyList<string> names, int width, int height)
    {
        var mwg = XmpNames.MwgRegions;
        var area = XmpNames.Area;
        var dimensions = XmpNames.Dimensions;
        return Resource(XmpNames.Regions,
            Resource(mwg + "AppliedToDimensions",
                new XElement(dimensions + "w", width), new XElement(dimensions + "h", height), new XElement(dimensions + "unit", "pixel")),
            new XElement(mwg + "RegionList", new XElement(XmpNames.Rdf + "Bag", faces.Select((f, i) =>
                Resource(XmpNames.Item,
                    new XElement(mwg + "Type", "Face"),
                    new XElement(mwg + "Name", names[i]),
                    Resource(mwg + "Area",
                        new XElement(area + "x", Number(f.Area.CenterX)), new XElement(area + "y", Number(f.Area.CenterY)),
                        new XElement(area + "w", Number(f.Area.Width)), new XElement(area + "h", Number(f.Area.Height)),
                        new XElement(area + "unit", "normalized")))))));
    }

    private static XElement Microsoft(IReadOnlyList<NamedRegion> faces, IReadOnlyList<string> names) =>
        Resource(XmpNames.MicrosoftRegions,
            new XElement(XmpNames.MicrosoftRegionInfo + "Regions", new XElement(XmpNames.Rdf + "Bag", faces.Select((f, i) =>
                Resource(XmpNames.Item,
                    new XElement(XmpNames.MicrosoftRegion + "Rectangle",
                        string.Join(", ", new[] { f.Area.X, f.Area.Y, f.Area.Width, f.Area.Height }.Select(Number))),
                    new XElement(XmpNames.MicrosoftRegion + "PersonDisplayName", names[i]))))));

    private static XElement Resource(XName name, params object[] fields) => new(name, new XAttribute(XmpNames.ParseType, "Resource"), fields);

    private static XElement Array(string kind, IEnumerable<string> items) =>
        new(XmpNames.Rdf + kind, items.Select(i => new XElement(XmpNames.Item, i)));

    private static string Number(double value) => Math.Clamp(value, 0, 1).ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A name without the characters XML cannot hold at all (controls other than tab and line breaks); the rest the writer escapes.</summary>
    private static string XmlText(string name)
    {
        var text = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsSurrogatePair(name, i) && i + 1 < name.Length)
            {
                text.Append(name, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(name[i]))
            {
                text.Append(name[i]);
            }
        }

        return text.ToString();
    }
}
