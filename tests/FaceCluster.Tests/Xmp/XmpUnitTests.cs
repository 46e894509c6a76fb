using System.Diagnostics;
using System.Text;
using System.Xml;
using FaceCluster.Detection;
using FaceCluster.Export;
using FaceCluster.Tests.Support;
using FaceCluster.Xmp;

namespace FaceCluster.Tests.Xmp;

/// <summary>The orientation frames, region matching and sidecar merging, without photos or models.</summary>
public sealed class XmpUnitTests
{
    private static readonly NormalizedRect Box = new(0.1, 0.2, 0.3, 0.1);

    [Theory]
    [InlineData(1, 0.1, 0.2)]
    [InlineData(2, 0.6, 0.2)]
    [InlineData(3, 0.6, 0.7)]
    [InlineData(4, 0.1, 0.7)]
    [InlineData(5, 0.2, 0.1)]
    [InlineData(6, 0.7, 0.1)]
    [InlineData(7, 0.7, 0.6)]
    [InlineData(8, 0.2, 0.6)]
    public void ToDisplayed_PlacesTheStoredBoxAsEachOrientationShowsIt_AndToStoredUndoesIt(int orientation, double x, double y)
    {
        var shown = ExifOrientation.ToDisplayed(Box, orientation);

        Assert.Equal(x, shown.X, 6);
        Assert.Equal(y, shown.Y, 6);
        var (w, h) = ExifOrientation.SwapsSides(orientation) ? (0.1, 0.3) : (0.3, 0.1);
        Assert.Equal(w, shown.Width, 6);
        Assert.Equal(h, shown.Height, 6);
        var back = ExifOrientation.ToStored(shown, orientation);
        Assert.Equal(Box.X, back.X, 6);
        Assert.Equal(Box.Y, back.Y, 6);
    }

    [Fact]
    public void Match_BestOverlapFirst_OneRegionPerFace_NoneBelowTheMinimum()
    {
        FaceBox[] faces = [new(0, 0, 100, 100), new(90, 0, 100, 100), new(500, 500, 50, 50)];
        NamedBox[] regions =
        [
            new("Also face 0", new FaceBox(0, 0, 110, 110)), // IoU 0.83 with face 0, which "Exact" overlaps more
            new("Exact", new FaceBox(0, 0, 100, 100)),
            new("Near", new FaceBox(80, 0, 100, 100)), // IoU 0.82 with face 1, 0.11 with face 0
            new("Nowhere", new FaceBox(520, 520, 60, 60)), // IoU 0.17 with face 2
        ];

        Assert.Equal("Exact|Near|", string.Join("|", RegionMatcher.Match(faces, regions)));
    }

    [Fact]
    public void Merge_KeepsOtherPropertiesAndTags_ReplacesOnlyOurs()
    {
        var existing = """
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:digiKam="http://www.digikam.org/ns/1.0/"
              xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmp:Rating="4">
              <digiKam:TagsList><rdf:Seq><rdf:li>Places/Oslo</rdf:li><rdf:li>People/Old Name</rdf:li></rdf:Seq></digiKam:TagsList>
              <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Old Name</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
            </rdf:Description></rdf:RDF></x:xmpmeta>
            """;

        var merged = XmpSidecar.Merge(existing, [new NamedRegion("A <b>", Box)], 100, 50);

        Assert.Contains("xmp:Rating=\"4\"", merged);
        Assert.Contains("<rdf:li>Places/Oslo</rdf:li>", merged);
        Assert.Contains("<rdf:li>People/A &lt;b&gt;</rdf:li>", merged);
        Assert.DoesNotContain("Old Name", merged);
        Assert.Equal(merged, XmpSidecar.Merge(merged, [new NamedRegion("A <b>", Box)], 100, 50));
        var region = Assert.Single(XmpRegionReader.Read(System.Xml.Linq.XDocument.Parse(merged)).Distinct(), r => r.Name == "A <b>");
        Assert.Equal(Box.X, region.Area.X, 5);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"boom\">]><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">&e;</x:xmpmeta>")]
    [InlineData("<other/>")]
    public void Merge_RefusesASidecarItCannotUnderstand(string existing) =>
        Assert.Throws<XmlException>(() => XmpSidecar.Merge(existing, [new NamedRegion("A", Box)], 100, 50));

    [Fact]
    public async Task PhotoFaceNames_ReadsTheEmbeddedPacket_AndIgnoresAFifoAndAnEntityBombAsSidecars()
    {
        using var temp = new TempDirectory();
        var photo = temp.File("photo.jpg");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [photo + ".xmp"]))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        File.WriteAllText(temp.File("photo.xmp"), """
            <!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">&c;</x:xmpmeta>
            """);
        var packet = XmpSidecar.Merge(null, [new NamedRegion("Embedded", Box)], 200, 100);
        var bytes = Encoding.UTF8.GetBytes("\xFF\xD8 not really a JPEG " + packet + " trailing bytes");

        var read = Task.Run(() => PhotoFaceNames.Read(photo, bytes, 200, 100));

        Assert.True(await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) == read, "a FIFO sidecar must not block ingest");
        var region = Assert.Single((await read).DistinctBy(r => r.Name));
        Assert.Equal("Embedded", region.Name);
        Assert.Equal(20, region.Box.X, 3);
        Assert.Equal(20, region.Box.Y, 3);
        Assert.Equal(60, region.Box.Width, 3);
        Assert.Equal(10, region.Box.Height, 3);
    }
}
