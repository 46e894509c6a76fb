using System.Runtime.InteropServices;

namespace FaceCluster.Cli;

/// <summary>
/// Ends the process at once with an exit code, for a second stop signal or a run that outlived its grace period.
/// <see cref="Environment.Exit"/> would run native libraries' exit handlers while another thread may still be inside
/// one of them (an ONNX Runtime session being created or run), which crashes the process (SIGSEGV/SIGABRT) instead of
/// exiting with the code asked for. Nothing is lost: every committed transaction is already on disk.
/// </summary>
internal static partial class ImmediateExit
{
    public static void Now(int exitCode)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            ExitWithoutHandlers(exitCode);
        }

        Environment.Exit(exitCode);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitWithoutHandlers(int status);
}
