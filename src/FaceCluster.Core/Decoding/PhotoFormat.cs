namespace FaceCluster.Decoding;

/// <summary>The families of photo files, each read by its own decoder.</summary>
public enum PhotoFormat
{
    /// <summary>Not recognised by content or name.</summary>
    Unknown,

    /// <summary>JPEG, PNG, GIF, BMP, WebP or TIFF: ImageSharp reads them.</summary>
    Common,

    /// <summary>HEIF (HEVC-coded HEIC, as phones write it).</summary>
    Heif,

    /// <summary>AVIF (AV1-coded HEIF).</summary>
    Avif,

    /// <summary>A camera RAW file: its embedded preview JPEG, or its raw data.</summary>
    Raw,
}
