using System.Buffers.Binary;
using System.Text.Json;

namespace FaceCluster.Models.FaceApi;

/// <summary>
/// Reads a TensorFlow.js weights manifest (<c>*-weights_manifest.json</c>, or the <c>weightsManifest</c> of a graph
/// model's <c>model.json</c>) and its binary shards, dequantising uint8/uint16 tensors as <c>q * scale + min</c> and
/// float16 ones to float32 the way tfjs-core's <c>decodeWeights</c> does.
/// </summary>
public sealed class WeightManifest
{
    private readonly Dictionary<string, WeightTensor> _weights;

    private WeightManifest(string path, Dictionary<string, WeightTensor> weights)
    {
        ManifestPath = path;
        _weights = weights;
    }

    public string ManifestPath { get; }

    public IReadOnlyCollection<string> Names => _weights.Keys;

    public WeightTensor this[string name] =>
        _weights.TryGetValue(name, out var tensor)
            ? tensor
            : throw new InvalidDataException($"Weight '{name}' is missing from {Path.GetFileName(ManifestPath)}.");

    public bool Contains(string name) => _weights.ContainsKey(name);

    public static WeightManifest Load(string manifestPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        using var document = ParseJson(manifestPath);
        var root = document.RootElement;
        var groups = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("weightsManifest", out var embedded) ? embedded : root;
        var weights = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var group in groups.EnumerateArray())
        {
            var buffer = ReadShards(directory, group.GetProperty("paths"));
            var offset = 0;
            foreach (var spec in group.GetProperty("weights").EnumerateArray())
            {
                var tensor = Decode(spec, buffer, ref offset, manifestPath);
                weights[tensor.Name] = tensor;
            }

            if (offset != buffer.Length)
            {
                throw new InvalidDataException(
                    $"{Path.GetFileName(manifestPath)}: the weight files hold {buffer.Length} bytes but the manifest describes {offset}.");
            }
        }

        return new WeightManifest(manifestPath, weights);
    }

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a valid weights manifest: {ex.Message}", ex);
        }
    }

    private static byte[] ReadShards(string directory, JsonElement paths)
    {
        using var all = new MemoryStream();
        foreach (var shard in paths.EnumerateArray())
        {
            var shardPath = Path.Combine(directory, shard.GetString()!);
            if (!File.Exists(shardPath))
            {
                throw new FileNotFoundException($"Weight file {shardPath} named by the manifest is missing.", shardPath);
            }

            using var stream = File.OpenRead(shardPath);
            stream.CopyTo(all);
        }

        return all.ToArray();
    }

    private static WeightTensor Decode(JsonElement spec, byte[] buffer, ref int offset, string manifestPath)
    {
        var name = spec.GetProperty("name").GetString()!;
        var shape = spec.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var dtype = spec.GetProperty("dtype").GetString();
        var data = new float[count];

        if (spec.TryGetProperty("quantization", out var q))
        {
            var qtype = q.GetProperty("dtype").GetString();
            if (qtype == "float16")
            {
                var halves = Slice(buffer, ref offset, count * 2, name, manifestPath);
                for (var i = 0; i < count; i++)
                {
                    data[i] = (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(halves.Slice(i * 2)));
                }

                return new WeightTensor(name, shape, data);
            }

            var bytesPer = qtype switch
            {
                "uint8" => 1,
                "uint16" => 2,
                _ => throw new InvalidDataException($"{Path.GetFileName(manifestPath)}: weight '{name}' uses unsupported quantisation '{qtype}'."),
            };
            // tfjs dequantises in double precision and then stores float32; doing the same keeps weights bit-identical.
            var scale = q.GetProperty("scale").GetDouble();
            var min = q.GetProperty("min").GetDouble();
            var bytes = Slice(buffer, ref offset, count * bytesPer, name, manifestPath);
            for (var i = 0; i < count; i++)
            {
                int quantized = bytesPer == 1 ? bytes[i] : BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(i * 2));
                data[i] = (float)(quantized * scale + min);
            }
        }
        else
        {
            var bytes = Slice(buffer, ref offset, count * 4, name, manifestPath);
            for (var i = 0; i < count; i++)
            {
                data[i] = dtype == "int32"
                    ? BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4))
                    : BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4));
            }
        }

        return new WeightTensor(name, shape, data);
    }

    private static ReadOnlySpan<byte> Slice(byte[] buffer, ref int offset, int length, string name, string manifestPath)
    {
        if (offset + length > buffer.Length)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(manifestPath)}: weight '{name}' runs past the end of the weight files (truncated download?).");
        }

        var span = buffer.AsSpan(offset, length);
        offset += length;
        return span;
    }
}
