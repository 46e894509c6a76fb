namespace FaceCluster.Evaluation;

/// <summary>One pair of an LFW pairs file whose two images exist.</summary>
/// <param name="PathA">The left image (<c>name/name_%04d</c> plus <c>.jpg</c>, or <c>.png</c> when only that exists).</param>
/// <param name="PathB">The right image.</param>
/// <param name="IsSame">True for a 3-token line (<c>name i j</c>), false for a 4-token line (<c>n1 i n2 j</c>).</param>
/// <param name="Fold">The 0-based fold (block of lines) of the file the pair belongs to.</param>
/// <param name="LineNumber">The 1-based line of the file the pair was read from.</param>
public sealed record LfwPair(string PathA, string PathB, bool IsSame, int Fold, int LineNumber);
