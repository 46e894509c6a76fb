using System.CommandLine;
using System.Text.Json;
using FaceCluster.Analysis;
using FaceCluster.Decoding;
using FaceCluster.Indexing;
using FaceCluster.Storage;
using Spectre.Console;

namespace FaceCluster.Cli.Commands;

/// <summary><c>facecluster search IMAGE [--k 10]</c>: the stored faces nearest to each face in a photo, with their people.</summary>
public sealed class SearchCommand : Command
{
    private readonly Argument<string> _image = new("IMAGE") { Description = "A photo with one or more faces." };
    private readonly Option<int> _k = new("--k") { Description = "Neighbours per face.", DefaultValueFactory = _ => 10 };
    private readonly Option<string?> _db = CommonOptions.Database();
    private readonly Option<string?> _profile = CommonOptions.Profile();
    private readonly Option<bool> _json = CommonOptions.Json();

    public SearchCommand(Func<ParseResult, CliContext> context)
        : base("search", "Find the stored faces (and people) nearest to the faces in a photo.")
    {
        _k.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--k must be at least 1");
            }
        });
        Arguments.Add(_image);
        Options.Add(_k);
        Options.Add(_db);
        Options.Add(_profile);
        Options.Add(_json);
        SetAction(parse =>
        {
            var cli = context(parse);
            var imagePath = parse.GetValue(_image)!;
            var photo = PhotoDecoder.Default.LoadForFaces(imagePath, cli.Settings.Ingest.ReducedDecodeSide);
            using var models = FaceModels.Load(cli.Settings, parse.GetValue(_profile));
            using var library = cli.OpenLibrary(parse.GetValue(_db), models.ProfileName, LibraryAccess.Read);
            var store = library.Store;
            var stored = store.ReadFaces(models.ProfileName).ToDictionary(f => f.Id);
            var assignments = store.LoadAssignments(models.ProfileName);
            var names = store.LoadPeople(models.ProfileName).ToDictionary(p => p.Id, p => p.Name);
            using var index = new BruteForceIndex(models.Embedder.Dimension, stored.Count);
            foreach (var face in stored.Values)
            {
                index.Add(face.Id, face.Embedding);
            }

            var results = new FaceAnalyzer(models).Analyze(photo).Select(face => new SearchFaceJson(
                face.Box.ToArray(),
                index.Count == 0 ? [] : index.Search(face.Embedding, Math.Min(parse.GetValue(_k), index.Count)).Select(n => new NeighbourJson(
                    n.Key,
                    n.Distance,
                    stored[n.Key].PhotoPath,
                    assignments.TryGetValue(n.Key, out var p) ? p : null,
                    assignments.TryGetValue(n.Key, out var q) ? names.GetValueOrDefault(q) : null)).ToArray())).ToList();

            if (parse.GetValue(_json))
            {
                cli.Output.WriteLine(JsonSerializer.Serialize(results, JsonOutput.Default.ListSearchFaceJson));
                return ExitCodes.Success;
            }

            if (results.Count == 0)
            {
                cli.WriteLine($"no face found in {imagePath}");
            }

            foreach (var result in results)
            {
                cli.WriteLine($"face at [{string.Join(", ", result.Box.Select(v => v.ToString("0")))}]:");
                foreach (var n in result.Neighbours)
                {
                    var who = n.Person is null ? "unassigned" : $"person {n.Person}{(n.Name is null ? "" : $" ({n.Name})")}";
                    cli.WriteLine($"  face {n.FaceId,-8} d²={n.Distance:0.000}  {who,-28} {n.Path}");
                }
            }

            return ExitCodes.Success;
        });
    }
}
