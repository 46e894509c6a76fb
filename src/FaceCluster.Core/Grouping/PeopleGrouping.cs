using System.Diagnostics;
using FaceCluster.Sharding;
using FaceCluster.Storage;

namespace FaceCluster.Grouping;

/// <summary>
/// Groups a library's faces into people that survive re-runs. The user's work becomes constraints: the faces of a
/// named or merged-into person are must-linked, two such people are cannot-linked, a rejected face is cannot-linked
/// to its former person, and two people denied as one (after <see cref="MergeSuggester"/>) are cannot-linked. Fresh
/// clusters then keep the person id they overlap most, so ids are stable across runs.
/// </summary>
/// <remarks>
/// <paramref name="full"/> false (the nightly default): when the library has people, only the faces without one (new,
/// unassigned last time, or rejected from their person) are placed, each with an existing person or in a new one, and
/// the others keep theirs (<see cref="FaceGrouper.GroupIncrementally"/>). True, or a library without people: every face
/// is grouped afresh.
/// </remarks>
public sealed class PeopleGrouping(IFaceStore store, string databasePath, string profile, GroupingOptions options, bool full = true)
{
    public GroupSummary Run(string thresholdSource, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var input = store.ReadEmbeddings(profile);
        if (input is null)
        {
            store.ApplyGrouping(profile, []);
            return new GroupSummary(profile, 0, 0, 0, 0, options.Threshold, thresholdSource, "none", EmptyStatistics(), clock.Elapsed.TotalSeconds);
        }

        var people = store.LoadPeople(profile);
        var assignments = store.LoadAssignments(profile);
        var confirmed = Confirmed(people);
        var rejections = store.LoadRejections(profile);
        var constraints = Constraints(confirmed, assignments, rejections, store.LoadDenials(profile));
        var grouper = new FaceGrouper(options);
        var personOfRow = full || assignments.Count == 0 ? null : PersonOfRow(input, assignments, rejections);

        GroupingResult result;
        string indexAction;
        var shardTable = NeighbourShards.TryLoad(store, profile, input, options.K, personOfRow, out var shardNote);
        if (shardTable is not null)
        {
            result = grouper.GroupFromNeighbours(input, shardTable, personOfRow, constraints, cancellationToken);
            indexAction = shardNote!;
        }
        else if (input.Count <= options.ExactSearchLimit)
        {
            result = personOfRow is null
                ? grouper.Group(input, constraints, cancellationToken)
                : grouper.GroupIncrementally(input, personOfRow, null, constraints, cancellationToken);
            indexAction = "exact search";
        }
        else
        {
            var (index, action) = new FaceIndexStore(databasePath, profile, options.Hnsw).Open(input.FaceIds, input.Embeddings, input.Dimension);
            using (index)
            {
                result = personOfRow is null
                    ? grouper.Group(input, index, constraints, cancellationToken)
                    : grouper.GroupIncrementally(input, personOfRow, index, constraints, cancellationToken);
            }

            indexAction = $"HNSW index {action}";
        }

        if (shardTable is null && shardNote is not null)
        {
            indexAction += $" ({shardNote})";
        }

        var clusters = result.Clusters();
        var ids = AssignIds(clusters, assignments, confirmed);
        store.ApplyGrouping(profile, clusters.Select((c, i) => new PersonAssignment(ids[i], c)).ToList());
        return new GroupSummary(profile, input.Count, clusters.Count, ids.Count(id => id is null), result.UnassignedCount,
            options.Threshold, thresholdSource, indexAction, result.Statistics, clock.Elapsed.TotalSeconds,
            personOfRow is null ? "full" : $"incremental ({personOfRow.Count(p => p < 0)} faces placed)");
    }

    /// <summary>
    /// A number per existing person for each face that keeps it; −1 for the faces to place: without a person, or
    /// rejected from the one they have.
    /// </summary>
    private static int[] PersonOfRow(GroupingInput input, IReadOnlyDictionary<long, long> assignments, IReadOnlyList<(long FaceId, long PersonId)> rejections)
    {
        var rejected = rejections.ToHashSet();
        var numbers = new Dictionary<long, int>();
        var faceIds = input.FaceIds.Span;
        var personOfRow = new int[input.Count];
        for (var row = 0; row < personOfRow.Length; row++)
        {
            personOfRow[row] = assignments.TryGetValue(faceIds[row], out var person) && !rejected.Contains((faceIds[row], person))
                ? numbers.TryGetValue(person, out var number) ? number : numbers[person] = numbers.Count
                : -1;
        }

        return personOfRow;
    }

    /// <summary>People the user vouched for: named, or the target of a merge.</summary>
    public static HashSet<long> Confirmed(IReadOnlyList<PersonRecord> people)
    {
        var mergeTargets = people.Where(p => p.MergedInto is not null).Select(p => p.MergedInto!.Value).ToHashSet();
        return people.Where(p => p.MergedInto is null && (p.Name is not null || mergeTargets.Contains(p.Id))).Select(p => p.Id).ToHashSet();
    }

    private static GroupingConstraints Constraints(
        HashSet<long> confirmedPeople,
        IReadOnlyDictionary<long, long> assignments,
        IReadOnlyList<(long FaceId, long PersonId)> rejections,
        IReadOnlyList<(long PersonA, long PersonB)> denials)
    {
        var facesOf = assignments.GroupBy(a => a.Value).ToDictionary(g => g.Key, g => g.Select(a => a.Key).Order().ToList());
        var confirmed = confirmedPeople.Where(facesOf.ContainsKey).Order().ToList();
        var mustLink = confirmed.Select(p => (IReadOnlyList<long>)facesOf[p]).ToList();
        var cannotLink = new List<FacePair>();
        for (var i = 0; i < confirmed.Count; i++)
        {
            for (var j = i + 1; j < confirmed.Count; j++)
            {
                // Must-link makes each confirmed person one component, so one pair keeps two of them apart.
                cannotLink.Add(new FacePair(facesOf[confirmed[i]][0], facesOf[confirmed[j]][0]));
            }
        }

        foreach (var (face, person) in rejections)
        {
            if (facesOf.TryGetValue(person, out var members))
            {
                cannotLink.AddRange(members.Select(m => new FacePair(face, m)));
            }
        }

        foreach (var (a, b) in denials)
        {
            if (!facesOf.TryGetValue(a, out var first) || !facesOf.TryGetValue(b, out var second)
                || (confirmedPeople.Contains(a) && confirmedPeople.Contains(b)))
            {
                continue; // gone, or two confirmed people: already kept apart above
            }

            // A confirmed person is one component (must-link), so one face stands for all of it; an unconfirmed one is
            // not, so every one of its faces needs its own pair.
            var left = confirmedPeople.Contains(a) ? first.Take(1) : first;
            var right = confirmedPeople.Contains(b) ? second.Take(1) : second;
            cannotLink.AddRange(left.SelectMany(f => right.Select(s => new FacePair(f, s))));
        }

        return new GroupingConstraints { MustLink = mustLink, CannotLink = cannotLink };
    }

    /// <summary>
    /// Gives each fresh cluster the existing person it shares most faces with (a confirmed person always keeps its
    /// cluster, which must-link made whole); clusters left over become new people (null).
    /// </summary>
    private static long?[] AssignIds(IReadOnlyList<IReadOnlyList<long>> clusters, IReadOnlyDictionary<long, long> assignments, HashSet<long> confirmed)
    {
        var candidates = new List<(int Cluster, long Person, int Overlap, bool Confirmed)>();
        for (var c = 0; c < clusters.Count; c++)
        {
            foreach (var group in clusters[c].Where(assignments.ContainsKey).GroupBy(f => assignments[f]))
            {
                candidates.Add((c, group.Key, group.Count(), confirmed.Contains(group.Key)));
            }
        }

        var ids = new long?[clusters.Count];
        var used = new HashSet<long>();
        foreach (var (cluster, person, _, _) in candidates.OrderByDescending(c => c.Confirmed).ThenByDescending(c => c.Overlap).ThenBy(c => c.Person))
        {
            if (ids[cluster] is null && used.Add(person))
            {
                ids[cluster] = person;
            }
        }

        return ids;
    }

    private static GroupingStatistics EmptyStatistics() => new() { SearchMethod = "none" };
}
