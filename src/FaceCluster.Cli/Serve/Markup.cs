namespace FaceCluster.Cli.Serve;

/// <summary>HTML that is already safe: built by <see cref="Html.Of"/>, whose holes are escaped unless they are Markup themselves.</summary>
public readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new(string.Empty);

    public static Markup Join(IEnumerable<Markup> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public override string ToString() => Value;
}
