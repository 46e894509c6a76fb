using System.CommandLine;
using FaceCluster.Models;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary>Lists every configured profile with its model files and whether they are present.</summary>
public sealed class ModelsListCommand : Command
{
    public ModelsListCommand(Func<ParseResult, CliContext> context)
        : base("list", "List the configured model profiles and their files.")
    {
        SetAction(parse =>
        {
            var cli = context(parse);
            var settings = cli.Settings;
            var manifest = ModelManifest.TryLoad(Path.GetFullPath(settings.ModelsDirectory));
            var table = new Table().AddColumns("profile", "role", "file", "size", "status");
            foreach (var (name, profile) in settings.Profiles.OrderBy(p => p.Key))
            {
                var marker = string.Equals(name, settings.Profile, StringComparison.OrdinalIgnoreCase) ? " (default)" : "";
                var embedders = profile.IsFused
                    ? profile.Embedders!.Select(part => ($"embedder {part.Profile} ×{part.Weight:0.###}", settings.Profiles.GetValueOrDefault(part.Profile)?.Embedder.Model ?? ""))
                    : [("embedder", profile.Embedder.Model)];
                foreach (var (role, model) in new[] { ("detector", profile.Detector.Model), ("landmarks", profile.Detector.LandmarkModel) }.Concat(embedders))
                {
                    var path = settings.ResolveModelPath(model);
                    var exists = File.Exists(path);
                    var installed = manifest?.Find(path) is not null ? "installed" : "present";
                    table.AddRow(
                        TerminalText.Markup(name + marker),
                        role,
                        TerminalText.Markup(path),
                        exists ? $"{new FileInfo(path).Length:N0}" : "-",
                        exists ? installed : "[red]missing[/]");
                }
            }

            cli.Console.Write(table);
            return ExitCodes.Success;
        });
    }
}
