using FaceCluster.Scanning;

namespace FaceCluster.Tests.Scanning;

public sealed class FileNamesTests
{
    [Fact]
    public void Escape_NamesDifferingOnlyInInvalidBytes_StayDistinct()
    {
        var ff = FileNames.Escape([.. "bad-"u8, 0xFF, .. ".jpg"u8]);
        var fe = FileNames.Escape([.. "bad-"u8, 0xFE, .. ".jpg"u8]);

        Assert.Equal("bad-\\xff.jpg", ff);
        Assert.Equal("bad-\\xfe.jpg", fe);
    }

    [Fact]
    public void Escape_KeepsValidCharactersAndEscapesBackslashes()
    {
        // "café\" then a lone continuation byte: the valid é stays, the backslash cannot pose as an escape
        Assert.Equal("café\\x5c\\x80", FileNames.Escape([.. "caf\u00e9\\"u8, 0x80]));
    }
}
