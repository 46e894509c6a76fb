using System.CommandLine;
using FaceCluster.Models;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary>Loads each model of a profile, checks SHA-256 and shapes, and runs a known input.</summary>
public sealed class ModelsVerifyCommand : Command
{
    private readonly Option<string?> _profile = CommonOptions.Profile();

    public ModelsVerifyCommand(Func<ParseResult, CliContext> context)
        : base("verify", "Verify a profile's model files: checksum, shapes and a probe inference.")
    {
        Options.Add(_profile);
        SetAction(parse =>
        {
            var cli = context(parse);
            var profile = cli.ProfileName(parse.GetValue(_profile));
            var checks = ModelVerifier.Verify(cli.Settings, profile);
            foreach (var check in checks)
            {
                cli.Console.MarkupLine($"{(check.Ok ? "[green]ok[/]  " : "[red]FAIL[/]")} {TerminalText.Markup(check.Role),-9} {TerminalText.Markup(check.Path)}: {TerminalText.Markup(check.Message)}");
            }

            var failed = checks.FirstOrDefault(c => !c.Ok);
            if (failed is not null)
            {
                cli.Error.WriteLine($"error: {failed.Role} model {failed.Path}: {failed.Message}");
                return ExitCodes.ModelError;
            }

            return ExitCodes.Success;
        });
    }
}
