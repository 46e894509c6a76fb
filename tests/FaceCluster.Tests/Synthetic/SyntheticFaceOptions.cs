namespace FaceCluster.Tests.Synthetic;

/// <summary>
/// Shape of a synthetic face library: identities on the unit sphere with a shared "face" direction and family
/// directions (lookalikes), faces as noisy copies of their identity, and photos that put family members together.
/// </summary>
/// <remarks>
/// With noise s, two faces of one identity are about 2s²/(1+s²) apart (squared L2); identity centres are about 2(1−α)
/// apart, family members 2(1−α−β), where α = <see cref="GlobalShare"/> and β = <see cref="FamilyShare"/>. The defaults
/// give same-person pairs around 0.2 and lookalike pairs around 0.6 against the faceapi profile's threshold of 0.4.
/// </remarks>
public sealed record SyntheticFaceOptions
{
    public int Identities { get; init; } = 200;

    /// <summary>Faces per identity when <see cref="ZipfExponent"/> is 0.</summary>
    public int FacesPerIdentity { get; init; } = 10;

    /// <summary>When positive: identity sizes ∝ 1/rank^z, scaled to <see cref="TotalFaces"/> (at least 1 each).</summary>
    public double ZipfExponent { get; init; }

    public int TotalFaces { get; init; }

    public int Dimension { get; init; } = 128;

    public ulong Seed { get; init; } = 1;

    public double GlobalShare { get; init; } = 0.55;

    public double FamilyShare { get; init; } = 0.2;

    public int FamilySize { get; init; } = 4;

    /// <summary>Median noise scale s of a face around its identity centre.</summary>
    public double Noise { get; init; } = 0.32;

    /// <summary>Per-face noise is s·exp(spread·N(0,1)): a tail of blurry, hard faces.</summary>
    public double NoiseSpread { get; init; } = 0.25;

    /// <summary>Share of photos that are group photos of one family (2..<see cref="MaxFacesPerPhoto"/> faces).</summary>
    public double GroupPhotoShare { get; init; } = 0.3;

    public int MaxFacesPerPhoto { get; init; } = 3;

    /// <summary>
    /// Bridges between two random identities A and B: each is a chain of <see cref="BridgeChainLength"/> faces spread
    /// evenly between the two centres, exactly what lets single linkage merge two people. A bridge face belongs to
    /// whichever identity it is nearer (A at the midpoint).
    /// </summary>
    public int Bridges { get; init; }

    /// <summary>Faces per bridge; 1 puts a single face at <see cref="BridgeMix"/>.</summary>
    public int BridgeChainLength { get; init; } = 1;

    /// <summary>Where a single-face bridge sits on the way from A (0) to B (1).</summary>
    public double BridgeMix { get; init; } = 0.4;
}
