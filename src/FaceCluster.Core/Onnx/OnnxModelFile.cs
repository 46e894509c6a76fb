using Google.Protobuf;
using FaceCluster.Onnx.Schema;

namespace FaceCluster.Onnx;

/// <summary>Writes ONNX models so that a crash or a full disk never leaves a half-written file under the final name.</summary>
public static class OnnxModelFile
{
    public static void WriteAtomic(ModelProto model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                model.WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
