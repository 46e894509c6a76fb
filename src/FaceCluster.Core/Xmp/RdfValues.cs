using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace FaceCluster.Xmp;

/// <summary>
/// Reads XMP's RDF/XML in every form a writer may choose: a simple field as an attribute or as an element, a struct as
/// <c>rdf:parseType="Resource"</c>, as a nested <c>rdf:Description</c>, or as attributes of its own element.
/// </summary>
internal static class RdfValues
{
    /// <summary>The largest XMP text read (sidecars are kilobytes; this only bounds a hostile file).</summary>
    public const int MaxLength = 16 * 1024 * 1024;

    /// <summary>Parses XMP text with DTDs refused and no external resources resolved; layout whitespace is dropped (writers indent anew).</summary>
    public static XDocument Parse(string text)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxLength, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XDocument.Load(reader);
    }

    /// <summary>The top-level descriptions: each holds properties of the photo.</summary>
    public static IEnumerable<XElement> Descriptions(XDocument document) =>
        document.Descendants(XmpNames.Rdf + "RDF").Elements(XmpNames.Description);

    /// <summary>The elements that hold a struct's fields: the property element and any description inside it.</summary>
    public static IEnumerable<XElement> Holders(XElement property) => [property, .. property.Elements(XmpNames.Description)];

    /// <summary>A struct's field holders for the struct-valued field <paramref name="name"/> of <paramref name="holders"/>.</summary>
    public static IEnumerable<XElement> Struct(IEnumerable<XElement> holders, XName name) =>
        holders.Elements(name).SelectMany(Holders);

    /// <summary>The text of a simple field, attribute or element; null when absent.</summary>
    public static string? Text(IEnumerable<XElement> holders, XName name)
    {
        foreach (var holder in holders)
        {
            if (holder.Attribute(name) is { } attribute)
            {
                return attribute.Value;
            }

            if (holder.Element(name) is { } element && !element.HasElements)
            {
                return element.Value;
            }
        }

        return null;
    }

    public static double? Number(IEnumerable<XElement> holders, XName name) =>
        double.TryParse(Text(holders, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    /// <summary>The items of an array-valued field (Bag, Seq or Alt), each as its field holders.</summary>
    public static IEnumerable<IReadOnlyList<XElement>> Items(IEnumerable<XElement> holders, XName name) =>
        holders.Elements(name).Elements().Elements(XmpNames.Item).Select(item => (IReadOnlyList<XElement>)[.. Holders(item)]);
}
