using System.Globalization;

namespace FaceCluster.Benchmarks;

/// <summary>"--name value" pairs and bare "--flag"s, read by name with a default; unknown names are reported, not ignored.</summary>
public sealed class BenchmarkArguments
{
    private readonly Dictionary<string, string?> _values;
    private readonly HashSet<string> _read = [];

    private BenchmarkArguments(Dictionary<string, string?> values) => _values = values;

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            values[args[i][2..]] = hasValue ? args[++i] : null;
        }

        return new BenchmarkArguments(values);
    }

    public int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => Value(name) is { } v ? double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    public string String(string name, string fallback) => Value(name) ?? fallback;

    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    private string? Value(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value ?? throw new ArgumentException($"--{name} needs a value.");
    }

    /// <summary>Call after reading every option: a misspelt option must not silently run the default.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException("Unknown option(s): " + string.Join(", ", unknown.Select(k => "--" + k)));
        }
    }
}
