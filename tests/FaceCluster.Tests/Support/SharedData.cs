namespace FaceCluster.Tests.Support;

/// <summary>
/// Whether ../shared (LFW, third-party models) is beside the repository. Tests that read it use
/// <see cref="SharedDataFactAttribute"/> or <see cref="SharedDataTheoryAttribute"/> and carry
/// <c>[Trait("Category", "Shared")]</c>, so a clone without it skips them with this reason and can filter them out.
/// </summary>
public static class SharedData
{
    public static string? SkipReason { get; } = Directory.Exists(TestPaths.Shared)
        ? null
        : $"needs the shared data sets in {TestPaths.Shared} (LFW, third-party models), which are not there";
}
