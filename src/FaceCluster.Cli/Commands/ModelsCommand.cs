using System.CommandLine;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster models install|list|verify</c>.</summary>
public sealed class ModelsCommand : Command
{
    public ModelsCommand(Func<ParseResult, CliContext> context)
        : base("models", "Install, list and verify the ONNX models of each profile.")
    {
        Subcommands.Add(new ModelsInstallCommand(context));
        Subcommands.Add(new ModelsListCommand(context));
        Subcommands.Add(new ModelsVerifyCommand(context));
    }
}
