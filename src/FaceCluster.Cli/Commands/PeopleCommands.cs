using System.CommandLine;
using System.Globalization;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster people</c>: every person with a name, face count and a sample photo.</summary>
public sealed class PeopleCommand : Command
{
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();

    public PeopleCommand(Func<ParseResult, CliContext> context)
        : base("people", "List the people found by 'group'.")
    {
        Options.Add(_db);
        Options.Add(_profile);
        SetAction(parse =>
        {
            var cli = context(parse);
            using var library = cli.OpenLibrary(parse.GetValue(_db), parse.GetValue(_profile), LibraryAccess.Read);
            var (store, profile) = (library.Store, library.ProfileName);
            var sample = store.ReadFaces(profile).Join(store.LoadAssignments(profile), f => f.Id, a => a.Key, (f, a) => (a.Value, f.PhotoPath))
                .GroupBy(x => x.Value).ToDictionary(g => g.Key, g => g.First().PhotoPath);
            var table = new Table().AddColumns("person", "name", "faces", "a photo");
            foreach (var person in store.LoadPeople(profile).Where(p => p.MergedInto is null).OrderByDescending(p => p.FaceCount).ThenBy(p => p.Id))
            {
                table.AddRow(person.Id.ToString(CultureInfo.InvariantCulture), TerminalText.Markup(person.Name ?? "-"),
                    person.FaceCount.ToString(CultureInfo.InvariantCulture), TerminalText.Markup(sample.GetValueOrDefault(person.Id, "-")));
            }

            cli.Console.Write(table);
            return ExitCodes.Success;
        });
    }
}

/// <summary><c>facecluster name PERSON NAME</c>.</summary>
public sealed class NameCommand : Command
{
    private readonly Argument<long> _person = new("PERSON") { Description = "Person id (see 'people')." };
    private readonly Argument<string> _name = new("NAME") { Description = "The person's name (taken literally, also when it starts with '@')." };
    private readonly Option<string?> _db = CommonOptions.Database();

    public NameCommand(Func<ParseResult, CliContext> context)
        : base("name", "Name a person; the name and the person's faces are kept by every later 'group'.")
    {
        _name.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("a person's name cannot be empty");
            }
        });
        Arguments.Add(_person);
        Arguments.Add(_name);
        Options.Add(_db);
        SetAction(parse => Edit(context(parse), parse.GetValue(_db), (store, cli) =>
        {
            store.NamePerson(parse.GetValue(_person), parse.GetValue(_name)!);
            cli.WriteLine($"person {parse.GetValue(_person)} is now {parse.GetValue(_name)}");
        }));
    }

    /// <summary>Runs one correction, which prints its outcome, under the library lock (so it never races a nightly run).</summary>
    internal static int Edit(CliContext cli, string? db, Action<IFaceStore, CliContext> edit)
    {
        using var library = cli.OpenLibrary(db, null, LibraryAccess.Write("edit"));
        edit(library.Store, cli);
        return ExitCodes.Success;
    }
}

/// <summary><c>facecluster merge PERSON PERSON</c>.</summary>
public sealed class MergeCommand : Command
{
    private readonly Argument<long> _into = new("INTO") { Description = "The person to keep." };
    private readonly Argument<long> _from = new("FROM") { Description = "The person merged into it." };
    private readonly Option<string?> _db = CommonOptions.Database();

    public MergeCommand(Func<ParseResult, CliContext> context)
        : base("merge", "Merge two people into one; later 'group' runs keep them together.")
    {
        Arguments.Add(_into);
        Arguments.Add(_from);
        Options.Add(_db);
        SetAction(parse => NameCommand.Edit(context(parse), parse.GetValue(_db), (store, cli) =>
        {
            store.MergePeople(parse.GetValue(_into), parse.GetValue(_from));
            cli.WriteLine($"person {parse.GetValue(_from)} merged into {parse.GetValue(_into)}");
        }));
    }
}

/// <summary><c>facecluster reject FACE [--undo]</c>.</summary>
public sealed class RejectCommand : Command
{
    private readonly Argument<long> _face = new("FACE") { Description = "Face id (see 'export' or 'search')." };
    private readonly Option<bool> _undo = new("--undo") { Description = "Forget the face's rejections." };
    private readonly Option<string?> _db = CommonOptions.Database();

    public RejectCommand(Func<ParseResult, CliContext> context)
        : base("reject", "Say a face is not the person it was grouped with; later 'group' runs respect it.")
    {
        Arguments.Add(_face);
        Options.Add(_undo);
        Options.Add(_db);
        SetAction(parse => NameCommand.Edit(context(parse), parse.GetValue(_db), (store, cli) =>
        {
            var face = parse.GetValue(_face);
            if (parse.GetValue(_undo))
            {
                cli.WriteLine($"face {face}: {store.UndoReject(face)} rejection(s) forgotten");
            }
            else if (store.RejectFace(face) is { } person)
            {
                cli.WriteLine($"face {face} is not person {person}");
            }
            else
            {
                cli.WriteLine($"face {face} belongs to nobody; nothing to reject");
            }
        }));
    }
}
