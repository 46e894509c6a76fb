using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using FaceCluster.Cli.Commands;
using FaceCluster.Configuration;
using FaceCluster.Imaging;
using FaceCluster.Models;
using Spectre.Console;

namespace FaceCluster.Cli;

/// <summary>Builds the command tree and turns failures into one clear error line and a documented exit code.</summary>
public static class FaceClusterApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configOption = new Option<string?>("--config") { Description = "An extra appsettings.json to layer over the defaults.", Recursive = true };
        var root = new RootCommand("FaceCluster: find, embed and group the faces of a photo library.");
        root.Options.Add(configOption);

        CliContext Context(ParseResult parse)
        {
            var interactive = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            if (!interactive)
            {
                // Logs and pipes should get whole lines, not lines wrapped at an imagined 80-column terminal.
                console.Profile.Width = 400;
            }

            return new CliContext(console, output, error, interactive, () => SettingsLoader.Load(parse.GetValue(configOption)));
        }

        root.Subcommands.Add(new ModelsCommand(Context));
        root.Subcommands.Add(new EmbedCommand(Context));
        root.Subcommands.Add(new IngestCommand(Context));
        root.Subcommands.Add(new StatusCommand(Context));
        root.Subcommands.Add(new LfwCommand(Context));
        root.Subcommands.Add(new DoctorCommand(Context));
        root.Subcommands.Add(new GroupCommand(Context));
        root.Subcommands.Add(new PeopleCommand(Context));
        root.Subcommands.Add(new NameCommand(Context));
        root.Subcommands.Add(new MergeCommand(Context));
        root.Subcommands.Add(new RejectCommand(Context));
        root.Subcommands.Add(new SuggestCommand(Context));
        root.Subcommands.Add(new DenyCommand(Context));
        root.Subcommands.Add(new SearchCommand(Context));
        root.Subcommands.Add(new ExportCommand(Context));
        root.Subcommands.Add(new ServeCommand(Context));
        root.Subcommands.Add(new LibraryCommand(Context));

        // Response files are off: '@/etc/hostname' given as a person's name is that name, not the file's content.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"error: {TerminalText.Escape(parseError.Message)}");
            }

            await error.WriteLineAsync($"see '{CommandLine(parseResult.CommandResult)} --help'");
            return ExitCodes.Usage;
        }

        // ProcessTerminationTimeout = null: Program handles Ctrl+C and SIGTERM itself. With System.CommandLine's own
        // handler registered too, a second SIGTERM crashed the process (unhandled InvalidOperationException, exit 134).
        var invocation = new InvocationConfiguration
        {
            Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception ex)
        {
            var (code, message) = Describe(ex);
            await error.WriteLineAsync($"error: {TerminalText.Escape(message)}");
            return code;
        }
    }

    private static string CommandLine(CommandResult command) =>
        command.Parent is CommandResult parent ? $"{CommandLine(parent)} {command.Command.Name}" : "facecluster";

    private static (int Code, string Message) Describe(Exception ex) => ex switch
    {
        OperationCanceledException => (ExitCodes.Cancelled, "cancelled; everything already stored is kept"),
        ConfigurationException => (ExitCodes.Usage, ex.Message),
        ModelLoadException => (ExitCodes.ModelError, ex.Message),
        ImageLoadException => (ExitCodes.InputError, ex.Message),
        Storage.StoreException => (ExitCodes.Failure, ex.Message),
        Storage.LibraryLockedException => (ExitCodes.Locked, ex.Message),
        Storage.CorrectionException => (ExitCodes.Usage, ex.Message),
        _ => (ExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}"),
    };
}
