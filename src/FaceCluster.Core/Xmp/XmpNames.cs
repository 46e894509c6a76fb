using System.Xml.Linq;

namespace FaceCluster.Xmp;

/// <summary>The XMP namespaces of face regions and people, with the prefixes the photo tools write.</summary>
internal static class XmpNames
{
    public static readonly XNamespace Meta = "adobe:ns:meta/";
    public static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static readonly XNamespace MwgRegions = "http://www.metadataworkinggroup.com/schemas/regions/";
    public static readonly XNamespace Area = "http://ns.adobe.com/xmp/sType/Area#";
    public static readonly XNamespace Dimensions = "http://ns.adobe.com/xap/1.0/sType/Dimensions#";
    public static readonly XNamespace MicrosoftPhoto = "http://ns.microsoft.com/photo/1.2/";
    public static readonly XNamespace MicrosoftRegionInfo = "http://ns.microsoft.com/photo/1.2/t/RegionInfo#";
    public static readonly XNamespace MicrosoftRegion = "http://ns.microsoft.com/photo/1.2/t/Region#";
    public static readonly XNamespace IptcExtension = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    public static readonly XNamespace DigiKam = "http://www.digikam.org/ns/1.0/";

    public static readonly XName Description = Rdf + "Description";
    public static readonly XName Item = Rdf + "li";
    public static readonly XName ParseType = Rdf + "parseType";
    public static readonly XName About = Rdf + "about";

    public static readonly XName Regions = MwgRegions + "Regions";
    public static readonly XName MicrosoftRegions = MicrosoftPhoto + "RegionInfo";
    public static readonly XName PersonInImage = IptcExtension + "PersonInImage";
    public static readonly XName TagsList = DigiKam + "TagsList";

    /// <summary>Prefix of each namespace the writer declares.</summary>
    public static readonly IReadOnlyList<(string Prefix, XNamespace Namespace)> Prefixes =
    [
        ("mwg-rs", MwgRegions), ("stArea", Area), ("stDim", Dimensions), ("MP", MicrosoftPhoto), ("MPRI", MicrosoftRegionInfo),
        ("MPReg", MicrosoftRegion), ("Iptc4xmpExt", IptcExtension), ("digiKam", DigiKam),
    ];
}
