using System.CommandLine;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster deny PERSON PERSON</c>: the answer "no" to a suggestion.</summary>
public sealed class DenyCommand : Command
{
    private readonly Argument<long> _first = new("PERSON") { Description = "A person id (see 'people' or 'suggest')." };
    private readonly Argument<long> _second = new("OTHER") { Description = "Another person id, not the same person." };
    private readonly Option<string?> _db = CommonOptions.Database();

    public DenyCommand(Func<ParseResult, CliContext> context)
        : base("deny", "Say two people are different; later 'group' runs keep them apart and 'suggest' never pairs them again.")
    {
        Arguments.Add(_first);
        Arguments.Add(_second);
        Options.Add(_db);
        SetAction(parse => NameCommand.Edit(context(parse), parse.GetValue(_db), (store, cli) =>
        {
            store.DenyPair(parse.GetValue(_first), parse.GetValue(_second));
            cli.WriteLine($"person {parse.GetValue(_first)} and person {parse.GetValue(_second)} are different people");
        }));
    }
}
