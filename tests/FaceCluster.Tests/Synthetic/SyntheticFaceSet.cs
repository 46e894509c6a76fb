namespace FaceCluster.Tests.Synthetic;

/// <summary>
/// A generated face library with ground truth: rows are faces (shuffled, so identities are not contiguous), with face
/// ids 1..n, photo ids, unit-length embeddings stored back to back, and the true identity of each row.
/// </summary>
public sealed class SyntheticFaceSet
{
    private SyntheticFaceSet(long[] faceIds, long[] photoIds, float[] embeddings, int dimension, int[] identities, int identityCount)
    {
        FaceIds = faceIds;
        PhotoIds = photoIds;
        Embeddings = embeddings;
        Dimension = dimension;
        Identities = identities;
        IdentityCount = identityCount;
    }

    public long[] FaceIds { get; }

    public long[] PhotoIds { get; }

    public float[] Embeddings { get; }

    public int Dimension { get; }

    /// <summary>True identity of each row (bridge faces count as their first identity).</summary>
    public int[] Identities { get; }

    public int IdentityCount { get; }

    public int Count => FaceIds.Length;

    public ReadOnlySpan<float> Row(int row) => Embeddings.AsSpan(row * Dimension, Dimension);

    public static SyntheticFaceSet Generate(SyntheticFaceOptions options)
    {
        var dimension = options.Dimension;
        var random = SplitMixRandom.For(options.Seed, -1);
        var sizes = IdentitySizes(options);
        var identityCount = sizes.Length;
        var centres = Centres(options, identityCount, random);

        var mainFaces = sizes.Sum();
        var bridgeFaces = options.Bridges * options.BridgeChainLength;
        var total = mainFaces + bridgeFaces;
        var rowOf = Enumerable.Range(0, total).ToArray();
        for (var i = total - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rowOf[i], rowOf[j]) = (rowOf[j], rowOf[i]);
        }

        var starts = new int[identityCount + 1];
        for (var k = 0; k < identityCount; k++)
        {
            starts[k + 1] = starts[k] + sizes[k];
        }

        var embeddings = new float[(long)total * dimension];
        var identities = new int[total];
        Parallel.For(0, identityCount, k =>
        {
            var faceRandom = SplitMixRandom.For(options.Seed, k);
            for (var face = starts[k]; face < starts[k + 1]; face++)
            {
                var row = rowOf[face];
                var noise = options.Noise * Math.Exp(options.NoiseSpread * faceRandom.NextGaussian());
                WriteNoisy(centres.AsSpan(k * dimension, dimension), noise, faceRandom, embeddings.AsSpan(row * dimension, dimension));
                identities[row] = k;
            }
        });

        var mix = new float[dimension];
        for (var b = 0; b < options.Bridges; b++)
        {
            var bridgeRandom = SplitMixRandom.For(options.Seed, 1_000_000_000L + b);
            var first = bridgeRandom.Next(identityCount);
            var second = (first + 1 + bridgeRandom.Next(identityCount - 1)) % identityCount;
            for (var link = 0; link < options.BridgeChainLength; link++)
            {
                var towardsSecond = options.BridgeChainLength == 1 ? options.BridgeMix : (link + 1.0) / (options.BridgeChainLength + 1);
                for (var d = 0; d < dimension; d++)
                {
                    mix[d] = (float)((1 - towardsSecond) * centres[first * dimension + d] + towardsSecond * centres[second * dimension + d]);
                }

                Normalise(mix);
                var row = rowOf[mainFaces + b * options.BridgeChainLength + link];
                var noise = options.Noise * Math.Exp(options.NoiseSpread * bridgeRandom.NextGaussian());
                WriteNoisy(mix, noise, bridgeRandom, embeddings.AsSpan(row * dimension, dimension));
                identities[row] = towardsSecond > 0.5 ? second : first;
            }
        }

        var photoIds = AssignPhotos(options, starts, rowOf, mainFaces, total, random);
        var faceIds = Enumerable.Range(1, total).Select(i => (long)i).ToArray();
        return new SyntheticFaceSet(faceIds, photoIds, embeddings, dimension, identities, identityCount);
    }

    private static int[] IdentitySizes(SyntheticFaceOptions options)
    {
        if (options.ZipfExponent <= 0)
        {
            return Enumerable.Repeat(options.FacesPerIdentity, options.Identities).ToArray();
        }

        var weights = Enumerable.Range(1, options.Identities).Select(rank => Math.Pow(rank, -options.ZipfExponent)).ToArray();
        var scale = options.TotalFaces / weights.Sum();
        return weights.Select(w => Math.Max(1, (int)Math.Round(w * scale))).ToArray();
    }

    private static float[] Centres(SyntheticFaceOptions options, int identityCount, SplitMixRandom random)
    {
        var dimension = options.Dimension;
        var shared = RandomUnit(dimension, random);
        var families = (identityCount + options.FamilySize - 1) / options.FamilySize;
        var familyDirections = new float[families][];
        var familyShares = new double[families];
        for (var f = 0; f < families; f++)
        {
            familyDirections[f] = RandomUnit(dimension, random);
            familyShares[f] = options.FamilyShare * (0.5 + random.NextDouble());
        }

        var centres = new float[identityCount * dimension];
        for (var k = 0; k < identityCount; k++)
        {
            var own = RandomUnit(dimension, random);
            var family = k / options.FamilySize;
            var beta = familyShares[family];
            var centre = centres.AsSpan(k * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                centre[d] = (float)(Math.Sqrt(options.GlobalShare) * shared[d]
                    + Math.Sqrt(beta) * familyDirections[family][d]
                    + Math.Sqrt(1 - options.GlobalShare - beta) * own[d]);
            }

            Normalise(centre);
        }

        return centres;
    }

    /// <summary>
    /// Photos are made per family, so the group photos that exist are of lookalikes: exactly the pairs the same-photo rule
    /// can keep apart. Bridge faces get a photo each.
    /// </summary>
    private static long[] AssignPhotos(SyntheticFaceOptions options, int[] starts, int[] rowOf, int mainFaces, int total, SplitMixRandom random)
    {
        var photoIds = new long[total];
        long nextPhoto = 1;
        var identityCount = starts.Length - 1;
        var chosen = new List<int>();
        for (var familyStart = 0; familyStart < identityCount; familyStart += options.FamilySize)
        {
            var familyEnd = Math.Min(identityCount, familyStart + options.FamilySize);
            var next = new int[familyEnd - familyStart];
            var open = new List<int>();
            for (var k = familyStart; k < familyEnd; k++)
            {
                next[k - familyStart] = starts[k];
                if (starts[k] < starts[k + 1])
                {
                    open.Add(k);
                }
            }

            while (open.Count > 0)
            {
                chosen.Clear();
                if (open.Count >= 2 && random.NextDouble() < options.GroupPhotoShare)
                {
                    var size = Math.Min(open.Count, 2 + random.Next(options.MaxFacesPerPhoto - 1));
                    for (var i = 0; i < size; i++)
                    {
                        var j = i + random.Next(open.Count - i);
                        (open[i], open[j]) = (open[j], open[i]);
                        chosen.Add(open[i]);
                    }
                }
                else
                {
                    chosen.Add(open[random.Next(open.Count)]);
                }

                foreach (var k in chosen)
                {
                    photoIds[rowOf[next[k - familyStart]++]] = nextPhoto;
                    if (next[k - familyStart] == starts[k + 1])
                    {
                        open.Remove(k);
                    }
                }

                nextPhoto++;
            }
        }

        for (var face = mainFaces; face < total; face++)
        {
            photoIds[rowOf[face]] = nextPhoto++;
        }

        return photoIds;
    }

    private static void WriteNoisy(ReadOnlySpan<float> centre, double noise, SplitMixRandom random, Span<float> destination)
    {
        var scale = noise / Math.Sqrt(centre.Length);
        for (var d = 0; d < centre.Length; d++)
        {
            destination[d] = (float)(centre[d] + scale * random.NextGaussian());
        }

        Normalise(destination);
    }

    private static float[] RandomUnit(int dimension, SplitMixRandom random)
    {
        var vector = new float[dimension];
        for (var d = 0; d < dimension; d++)
        {
            vector[d] = (float)random.NextGaussian();
        }

        Normalise(vector);
        return vector;
    }

    private static void Normalise(Span<float> vector)
    {
        double sum = 0;
        foreach (var v in vector)
        {
            sum += (double)v * v;
        }

        var inverse = (float)(1 / Math.Sqrt(sum));
        for (var d = 0; d < vector.Length; d++)
        {
            vector[d] *= inverse;
        }
    }
}
