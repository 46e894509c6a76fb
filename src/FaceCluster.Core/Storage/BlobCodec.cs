using System.Runtime.InteropServices;
using FaceCluster.Landmarks;

namespace FaceCluster.Storage;

/// <summary>float32 little-endian BLOBs for embeddings and landmark coordinates.</summary>
internal static class BlobCodec
{
    public static byte[] Encode(ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("FaceCluster stores float32 little-endian BLOBs.");
        }

        return MemoryMarshal.AsBytes(values).ToArray();
    }

    public static float[] DecodeFloats(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    public static byte[] Encode(FaceLandmarks landmarks) => Encode(MemoryMarshal.Cast<Point2, float>(landmarks.Points.AsSpan()));
}
