using System.CommandLine;
using System.Text.Json;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster embed IMAGE [--aligned] [--json]</c>: the embedding of every face in one photo.</summary>
public sealed class EmbedCommand : Command
{
    private readonly Argument<string> _image = new("IMAGE") { Description = "A photo (JPEG, PNG, WebP, BMP, GIF or TIFF)." };
    private readonly Option<bool> _aligned = new("--aligned") { Description = "The image already is an aligned face: embed it whole, no detection." };
    private readonly Option<bool> _json = CommonOptions.Json();
    private readonly Option<string?> _profile = CommonOptions.Profile();

    public EmbedCommand(Func<ParseResult, CliContext> context)
        : base("embed", "Print the embedding of every face found in an image.")
    {
        Arguments.Add(_image);
        Options.Add(_aligned);
        Options.Add(_json);
        Options.Add(_profile);
        SetAction(parse => Execute(context(parse), parse));
    }

    private int Execute(CliContext cli, ParseResult parse)
    {
        var aligned = parse.GetValue(_aligned);
        // An aligned face is the model input itself, taken whole; a photo is decoded as ingest decodes it.
        var photo = PhotoDecoder.Default.LoadForFaces(parse.GetValue(_image)!, aligned ? 0 : cli.Settings.Ingest.ReducedDecodeSide);
        var image = photo.Image;
        using var models = FaceModels.Load(cli.Settings, parse.GetValue(_profile));
        var analyzer = new FaceAnalyzer(models);
        var faces = aligned
            ? [new EmbeddedFaceJson([0f, 0f, image.Width, image.Height], 1f, analyzer.EmbedAligned(image))]
            : analyzer.Analyze(photo).Select(f => new EmbeddedFaceJson(f.Box.ToArray(), f.Score, f.Embedding)).ToArray();

        if (parse.GetValue(_json))
        {
            var parts = models.Embedder.Parts.Select(p => new EmbedPartJson(p.Name, p.Weight, p.OutputOffset, p.Dimension)).ToArray();
            cli.Output.WriteLine(JsonSerializer.Serialize(
                new EmbedJson(models.ProfileName, models.Embedder.Dimension, parts, photo.Width, photo.Height, faces), JsonOutput.Default.EmbedJson));
            return ExitCodes.Success;
        }

        var fusedOf = models.Embedder.IsFused ? $" ({string.Join(" + ", models.Embedder.Parts.Select(p => $"{p.Name} {p.Dimension}"))})" : "";
        cli.Console.MarkupLine($"{faces.Length} face(s), profile [bold]{TerminalText.Markup(models.ProfileName)}[/], {models.Embedder.Dimension}-d{TerminalText.Markup(fusedOf)}");
        foreach (var face in faces)
        {
            var head = string.Join(", ", face.Embedding.Take(6).Select(v => v.ToString("0.0000")));
            cli.Console.MarkupLine(Markup.Escape($"box [{face.Box[0]:0.0}, {face.Box[1]:0.0}, {face.Box[2]:0.0}, {face.Box[3]:0.0}]  score {face.Score:0.000}  [{head}, …]"));
        }

        return ExitCodes.Success;
    }
}
