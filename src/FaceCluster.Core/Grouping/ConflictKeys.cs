namespace FaceCluster.Grouping;

/// <summary>
/// "Never in one person" rules as shared keys: each face carries the keys of its constraints, and two components may
/// join only if no key is on both sides. Two faces of one photo share that photo's key; a cannot-link pair shares a key
/// of its own. One mechanism covers both rules, and a component's key set only grows, so a refusal stays valid.
/// </summary>
/// <remarks>
/// Keys below <see cref="PhotoKeyCount"/> are photos (only photos with two or more faces get one, since a photo with one
/// face can never conflict), the rest are cannot-link pairs. A component keeps its keys in a set once it has merged with
/// another that had keys; until then its keys are its root face's own (or none), so most faces never allocate a set.
/// </remarks>
internal sealed class ConflictKeys
{
    private readonly int[]?[] _faceKeys;
    private readonly HashSet<int>?[] _setOfRoot;

    private ConflictKeys(int[]?[] faceKeys, int photoKeyCount)
    {
        _faceKeys = faceKeys;
        _setOfRoot = new HashSet<int>?[faceKeys.Length];
        PhotoKeyCount = photoKeyCount;
    }

    public int PhotoKeyCount { get; }

    /// <summary>Keys for the faces' photos (when <paramref name="samePhotoRule"/> is on) and for each cannot-link pair of rows.</summary>
    public static ConflictKeys Build(ReadOnlySpan<long> photoIds, bool samePhotoRule, IReadOnlyList<(int A, int B)> cannotLinkRows)
    {
        var photoKeys = new Dictionary<long, int>();
        if (samePhotoRule)
        {
            var facesPerPhoto = new Dictionary<long, int>();
            foreach (var photo in photoIds)
            {
                facesPerPhoto[photo] = facesPerPhoto.GetValueOrDefault(photo) + 1;
            }

            foreach (var (photo, faces) in facesPerPhoto)
            {
                if (faces > 1)
                {
                    photoKeys.Add(photo, photoKeys.Count);
                }
            }
        }

        var keyCounts = new int[photoIds.Length];
        for (var row = 0; row < photoIds.Length; row++)
        {
            keyCounts[row] = photoKeys.ContainsKey(photoIds[row]) ? 1 : 0;
        }

        foreach (var (a, b) in cannotLinkRows)
        {
            keyCounts[a]++;
            keyCounts[b]++;
        }

        var faceKeys = new int[]?[photoIds.Length];
        var filled = new int[photoIds.Length];
        for (var row = 0; row < photoIds.Length; row++)
        {
            if (keyCounts[row] == 0)
            {
                continue;
            }

            faceKeys[row] = new int[keyCounts[row]];
            if (photoKeys.TryGetValue(photoIds[row], out var photoKey))
            {
                faceKeys[row]![filled[row]++] = photoKey;
            }
        }

        for (var pair = 0; pair < cannotLinkRows.Count; pair++)
        {
            var (a, b) = cannotLinkRows[pair];
            var key = photoKeys.Count + pair;
            faceKeys[a]![filled[a]++] = key;
            faceKeys[b]![filled[b]++] = key;
        }

        return new ConflictKeys(faceKeys, photoKeys.Count);
    }

    /// <summary>A key both components hold, or −1 when they may join.</summary>
    public int FindShared(int rootA, int rootB)
    {
        var setA = _setOfRoot[rootA];
        var setB = _setOfRoot[rootB];
        if (setA is null && setB is null)
        {
            var keysA = _faceKeys[rootA];
            var keysB = _faceKeys[rootB];
            if (keysA is null || keysB is null)
            {
                return -1;
            }

            foreach (var key in keysA)
            {
                if (Array.IndexOf(keysB, key) >= 0)
                {
                    return key;
                }
            }

            return -1;
        }

        // Probe the larger side with the smaller one's keys.
        if (setA is null || (setB is not null && setB.Count > setA.Count))
        {
            (rootA, rootB) = (rootB, rootA);
            (setA, setB) = (setB, setA);
        }

        IEnumerable<int>? smaller = setB ?? (IEnumerable<int>?)_faceKeys[rootB];
        if (smaller is null)
        {
            return -1;
        }

        foreach (var key in smaller)
        {
            if (setA!.Contains(key))
            {
                return key;
            }
        }

        return -1;
    }

    /// <summary>Records that <paramref name="absorbed"/>'s component is now part of <paramref name="survivor"/>'s.</summary>
    public void Merge(int survivor, int absorbed)
    {
        IEnumerable<int>? incoming = _setOfRoot[absorbed] ?? (IEnumerable<int>?)_faceKeys[absorbed];
        if (incoming is null)
        {
            return;
        }

        var set = _setOfRoot[survivor] ??= _faceKeys[survivor] is { } own ? [.. own] : [];
        set.UnionWith(incoming);
        _setOfRoot[absorbed] = null;
    }

    public bool IsPhotoKey(int key) => key < PhotoKeyCount;
}
