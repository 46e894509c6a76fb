using System.CommandLine;
using FaceCluster.Storage;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster library copy --from A --to B</c>: moves a library between backends (or files, or servers).</summary>
public sealed class LibraryCommand : Command
{
    public LibraryCommand(Func<ParseResult, CliContext> context)
        : base("library", "Work on a whole library.")
    {
        Subcommands.Add(new LibraryCopyCommand(context));
    }
}

/// <summary>
/// Copies every row of one library into a new or empty one, ids included, under both libraries' locks (so nothing
/// changes the source while it is read).
/// </summary>
public sealed class LibraryCopyCommand : Command
{
    private readonly Option<string> _from = new("--from") { Description = "The library to copy: a file or a PostgreSQL connection string.", Required = true };
    private readonly Option<string> _to = new("--to") { Description = "The new or empty library to copy into: a file or a PostgreSQL connection string.", Required = true };

    public LibraryCopyCommand(Func<ParseResult, CliContext> context)
        : base("copy", "Copy a library into a new or empty one, either backend to either, ids, names, merges, rejections, denials and runs included.")
    {
        Options.Add(_from);
        Options.Add(_to);
        SetAction(parse =>
        {
            var cli = context(parse);
            var (from, to) = (cli.Location(parse.GetValue(_from)), cli.Location(parse.GetValue(_to)));
            if (from.Target == to.Target)
            {
                throw new Configuration.ConfigurationException("--from and --to name the same library");
            }

            using var source = cli.OpenLibrary(parse.GetValue(_from), null, LibraryAccess.Write("library copy (source)"));
            using var target = cli.OpenLibrary(parse.GetValue(_to), null, LibraryAccess.Create("library copy (target)"));
            var counts = LibraryCopy.Copy((ILibraryTables)source.Store, (ILibraryTables)target.Store);
            cli.WriteLine($"copied {source.Location.Display} to {target.Location.Display}: {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}");
            return ExitCodes.Success;
        });
    }
}
