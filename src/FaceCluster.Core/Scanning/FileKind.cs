namespace FaceCluster.Scanning;

/// <summary>The type of a file system entry, from its mode bits, so special files are recognised without opening them.</summary>
public enum FileKind
{
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    SymbolicLink,
    Unknown,
}
