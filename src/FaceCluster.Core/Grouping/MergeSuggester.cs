using FaceCluster.Storage;

namespace FaceCluster.Grouping;

/// <summary>
/// Finds people that 'group' kept apart but are probably one person (a split cluster: another pose, age or light),
/// for the user to merge or deny. It looks only where grouping looked, at each face's K nearest neighbours, so a pair is
/// suggested only when a face of one has a face of the other among its nearest; denied pairs never come back.
/// </summary>
public sealed class MergeSuggester(IFaceStore store, string databasePath, string profile, GroupingOptions options)
{
    /// <summary>How many of a pair's closest cross distances are averaged: one alone is easily a lookalike's.</summary>
    private const int ClosestPairs = 3;

    /// <summary>Up to <paramref name="limit"/> suggestions, most likely first.</summary>
    public IReadOnlyList<MergeSuggestion> Suggest(int limit, CancellationToken cancellationToken = default)
    {
        var assignments = store.LoadAssignments(profile);
        if (assignments.Count == 0 || store.ReadEmbeddings(profile) is not { } input)
        {
            return [];
        }

        var table = Neighbours(input, cancellationToken);
        var personOf = input.FaceIds.ToArray().Select(id => assignments.TryGetValue(id, out var person) ? person : (long?)null).ToArray();
        var denied = store.LoadDenials(profile).ToHashSet();
        var distances = new Dictionary<(long, long), List<float>>();
        for (var row = 0; row < table.Count; row++)
        {
            if (personOf[row] is not { } person)
            {
                continue;
            }

            var neighbours = table.RowsOf(row);
            for (var slot = 0; slot < neighbours.Length && neighbours[slot] >= 0; slot++)
            {
                if (personOf[neighbours[slot]] is not { } other || other == person)
                {
                    continue;
                }

                var pair = (Math.Min(person, other), Math.Max(person, other));
                if (denied.Contains(pair))
                {
                    continue;
                }

                if (!distances.TryGetValue(pair, out var list))
                {
                    distances[pair] = list = [];
                }

                list.Add(table.DistancesOf(row)[slot]);
            }
        }

        return distances
            .Select(p => new MergeSuggestion(p.Key.Item1, p.Key.Item2, p.Value.Order().Take(ClosestPairs).Average(), p.Value.Count))
            .OrderBy(s => s.Distance).ThenByDescending(s => s.Links).ThenBy(s => s.PersonA).ThenBy(s => s.PersonB)
            .Take(limit)
            .ToList();
    }

    /// <summary>
    /// Above the exact-search limit, the index 'group' saved is used when it still matches (building one for a million
    /// faces takes minutes); otherwise one is built in memory and dropped, since a reading command writes nothing.
    /// </summary>
    private NeighbourTable Neighbours(GroupingInput input, CancellationToken cancellationToken)
    {
        var grouper = new FaceGrouper(options);
        using var saved = input.Count > options.ExactSearchLimit
            ? new FaceIndexStore(databasePath, profile, options.Hnsw).TryLoad(input.FaceIds.Span, input.Embeddings.Span, input.Dimension)
            : null;
        return saved is null ? grouper.Neighbours(input, cancellationToken, out _) : grouper.Neighbours(input, saved, cancellationToken);
    }
}
