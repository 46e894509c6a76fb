using System.Runtime.InteropServices;

namespace FaceCluster.Scanning;

/// <summary>
/// Kernel pseudo filesystems (/proc, /sys, cgroups, debugfs ...) hold no photos, are huge or endless, and reading their
/// files can block or have side effects: the scanner never descends into them. The type comes from statfs's f_type, the
/// first field of struct statfs on every 64-bit Linux. (devtmpfs reports tmpfs's magic and so cannot be told apart;
/// /dev holds only special files, which are never opened.)
/// </summary>
public static class PseudoFileSystems
{
    private static readonly Dictionary<long, string> Magic = new()
    {
        [0x9FA0] = "proc",
        [0x62656572] = "sysfs",
        [0x1CD1] = "devpts",
        [0x27E0EB] = "cgroup",
        [0x63677270] = "cgroup2",
        [0x64626720] = "debugfs",
        [0x73636673] = "securityfs",
        [0x74726163] = "tracefs",
        [0xCAFE4A11] = "bpf",
        [0x6165676C] = "pstore",
        [0x62656570] = "configfs",
        [0x65735543] = "fusectl",
        [0x19800202] = "mqueue",
        [0x42494E4D] = "binfmt_misc",
        [0xDE5E81E4] = "efivarfs",
        [0xF97CFF8C] = "selinuxfs",
        [0x43415D53] = "smackfs",
        [0x6E736673] = "nsfs",
        [0x958458F6] = "hugetlbfs",
    };

    /// <summary>The pseudo filesystem's name when <paramref name="directory"/> lies on one, else null.</summary>
    public static unsafe string? NameOf(string directory)
    {
        var buffer = stackalloc byte[LibC.StatfsSize];
        fixed (byte* path = LibC.PathBytes(directory))
        {
            if (LibC.statfs(path, buffer) != 0)
            {
                return null;
            }
        }

        // f_type is a signed long; magic numbers with the top bit of 32 set must compare as unsigned 32-bit values.
        var type = MemoryMarshal.Read<long>(new ReadOnlySpan<byte>(buffer, sizeof(long)));
        return Magic.GetValueOrDefault(type & 0xFFFFFFFF);
    }
}
