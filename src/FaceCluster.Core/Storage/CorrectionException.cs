namespace FaceCluster.Storage;

/// <summary>
/// A correction (name, merge, reject) the library cannot apply as asked: an unknown person or face, a person merged
/// away, or a person merged into itself. The user's input is wrong, not the library.
/// </summary>
public sealed class CorrectionException(string message) : Exception(message);
