using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceCluster.Grouping;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster suggest [--db FILE] [--profile NAME] [--json] [--limit N]</c>: people that are probably one.</summary>
public sealed class SuggestCommand : Command
{
    private readonly Option<int> _limit = new("--limit") { Description = "Most suggestions shown.", DefaultValueFactory = _ => 20 };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _json = CommonOptions.Json();

    public SuggestCommand(Func<ParseResult, CliContext> context)
        : base("suggest", "List pairs of people that are probably one person, most likely first ('merge' or 'deny' them).")
    {
        _limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--limit must be at least 1");
            }
        });
        Options.Add(_limit);
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_json);
        SetAction((parse, ct) =>
        {
            var cli = context(parse);
            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read);
            var (store, profile) = (library.Store, library.ProfileName);
            var suggestions = new MergeSuggester(store, library.Location.SidecarBase, profile, cli.Settings.Grouping).Suggest(parse.GetValue(_limit), ct);
            var people = store.LoadPeople(profile).ToDictionary(p => p.Id);
            // A 'group' running meanwhile may have forgotten a person between the reads: such a pair is no longer news.
            var rows = suggestions.Where(s => people.ContainsKey(s.PersonA) && people.ContainsKey(s.PersonB)).Select(s => new SuggestionJson(
                s.PersonA, people[s.PersonA].Name, people[s.PersonA].FaceCount,
                s.PersonB, people[s.PersonB].Name, people[s.PersonB].FaceCount,
                Math.Round(s.Distance, 4), s.Links)).ToList();

            if (parse.GetValue(_json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(new SuggestJson(profile, rows), JsonOutput.Default.SuggestJson));
                return Task.FromResult(ExitCodes.Success);
            }

            if (rows.Count == 0)
            {
                cli.WriteLine($"no suggestions: no two people have neighbouring faces");
                return Task.FromResult(ExitCodes.Success);
            }

            var table = new Table().AddColumns("person", "name", "faces", "person", "name", "faces", "distance", "links");
            foreach (var row in rows)
            {
                table.AddRow(Id(row.PersonA), TerminalText.Markup(row.NameA ?? "-"), Id(row.FacesA), Id(row.PersonB),
                    TerminalText.Markup(row.NameB ?? "-"), Id(row.FacesB), row.Distance.ToString("0.0000", CultureInfo.InvariantCulture), Id(row.Links));
            }

            cli.Console.Write(table);
            return Task.FromResult(ExitCodes.Success);
        });
    }

    private static string Id(long value) => value.ToString(CultureInfo.InvariantCulture);
}
