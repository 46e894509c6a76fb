namespace FaceCluster.Configuration;

/// <summary>A setting in appsettings.json, the environment or the command line is missing or inconsistent.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
