using System.Globalization;

namespace FaceCluster.Storage;

/// <summary>
/// One run at a time per library: an exclusive advisory lock (flock, through FileShare.None) on <c>DB.lock</c>. The
/// kernel drops the lock when its process dies, however it dies, so a lock left by a killed run is simply taken over;
/// the owner's pid and start time sit in <c>DB.lock.owner</c> for the messages.
/// </summary>
public sealed class LibraryLock : ILibraryLock
{
    private readonly FileStream _stream;
    private readonly string _ownerPath;

    private LibraryLock(FileStream stream, string ownerPath, string? takenOverFrom)
    {
        _stream = stream;
        _ownerPath = ownerPath;
        TakenOverFrom = takenOverFrom;
    }

    /// <summary>Set when a previous run died holding the library (its owner file was left behind).</summary>
    public string? TakenOverFrom { get; }

    public static LibraryLock Acquire(string databasePath, string purpose)
    {
        var lockPath = Path.GetFullPath(databasePath) + ".lock";
        var ownerPath = lockPath + ".owner";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new LibraryLockedException(
                $"another FaceCluster run holds {Path.GetFullPath(databasePath)} ({ReadOwner(ownerPath) ?? "owner unknown"}); try again when it has finished");
        }

        var previous = ReadOwner(ownerPath);
        var owner = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}, {purpose}, since {DateTimeOffset.UtcNow:u}");
        File.WriteAllText(ownerPath, owner);
        return new LibraryLock(stream, ownerPath, previous);
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
        }

        _stream.Dispose();
    }

    private static string? ReadOwner(string ownerPath)
    {
        try
        {
            return File.Exists(ownerPath) ? File.ReadAllText(ownerPath).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
