using FaceCluster.Configuration;
using FaceCluster.Scanning;

namespace FaceCluster.Export;

/// <summary>
/// Checks an export's output path before anything is written: it must name a file, and never one of the files the
/// library owns (an export over the database would replace the user's library with a gallery).
/// </summary>
public static class ExportTarget
{
    /// <summary>SQLite's files, the run lock and its owner note, beside the database.</summary>
    private static readonly string[] OwnedSuffixes = ["", "-wal", "-shm", "-journal", ".lock", ".lock.owner"];

    /// <returns>The file to replace: <paramref name="outPath"/> with symbolic links followed, so a link to an export stays a link.</returns>
    public static string Resolve(string outPath, string databasePath)
    {
        var target = FollowLinks(Path.GetFullPath(outPath));
        if (Directory.Exists(target) || Path.EndsInDirectorySeparator(target))
        {
            throw new ConfigurationException($"--out {outPath} is a directory; give a file name");
        }

        var database = Path.GetFullPath(databasePath);
        foreach (var library in new[] { database, FollowLinks(database) }.Distinct(StringComparer.Ordinal))
        {
            if (OwnedFileAt(target, library) is { } owned)
            {
                throw new ConfigurationException($"--out {outPath} is {owned}, a file of the library {database}; give another file name");
            }
        }

        return target;
    }

    /// <summary>The library file that <paramref name="target"/> is (or would be written as), or null.</summary>
    private static string? OwnedFileAt(string target, string database)
    {
        var folder = Path.GetDirectoryName(database)!;
        var name = Path.GetFileName(database);
        if (FileIdentity.Of(target) is { } existing)
        {
            // Any name for an existing file (a link, a hard link) is compared by identity with every owned file.
            return Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, name + "*").FirstOrDefault(f => IsOwned(name, Path.GetFileName(f)) && FileIdentity.Of(f) == existing)
                : null;
        }

        // A file not there yet is the library's if it would land in the library's folder under an owned name.
        var targetFolder = FileIdentity.Of(Path.GetDirectoryName(target)!);
        return targetFolder is not null && targetFolder == FileIdentity.Of(folder) && IsOwned(name, Path.GetFileName(target))
            ? Path.Combine(folder, Path.GetFileName(target))
            : null;
    }

    /// <summary>SQLite's and the lock's files, and every profile's HNSW index and sidecar (<c>DB.PROFILE.usearch[.json]</c>).</summary>
    private static bool IsOwned(string database, string name) =>
        OwnedSuffixes.Any(s => name == database + s) ||
        (name.StartsWith(database + ".", StringComparison.Ordinal) &&
            (name.EndsWith(".usearch", StringComparison.Ordinal) || name.EndsWith(".usearch.json", StringComparison.Ordinal)));

    private static string FollowLinks(string path) =>
        new FileInfo(path).LinkTarget is null ? path : File.ResolveLinkTarget(path, returnFinalTarget: true)!.FullName;
}
