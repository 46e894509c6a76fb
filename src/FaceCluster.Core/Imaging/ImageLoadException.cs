namespace FaceCluster.Imaging;

/// <summary>A photo could not be read or decoded; <see cref="Exception.Message"/> is the reason stored for the user.</summary>
public sealed class ImageLoadException(string message, Exception? inner = null) : Exception(message, inner);
