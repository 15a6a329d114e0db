using System.Runtime.InteropServices;

namespace Microchannels.Provider.DataDirectory;

/// <summary>
/// Makes the data directory private at start: a new one is created 0700; an existing one whose
/// mode lets the group or others in is tightened to 0700 (the SQLite files in it are created
/// 0644 under the usual umask, so the directory is what keeps them private). A directory owned
/// by another user is refused: tightening it would lock that user out, and trusting it would
/// let that user read our seed.
/// </summary>
internal static partial class DirectoryOwnership
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Creates <paramref name="path"/> 0700, or tightens it to 0700. Returns the mode it had
    /// when it was tightened, null when nothing changed. Throws
    /// <see cref="UnauthorizedAccessException"/> (one line, naming the setting) when the
    /// directory belongs to another user or its mode cannot be changed.
    /// </summary>
    public static UnixFileMode? CreateOrTighten(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return null;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnly);
            return null;
        }

        if (OwnerOf(path) is { } owner && owner != GetEffectiveUserId())
        {
            throw new UnauthorizedAccessException($"it belongs to another user (uid {owner}); give the daemon a directory of its own with --datadir (MICROCHANNELS_DATADIR)");
        }

        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOthers) == 0)
        {
            return null;
        }

        try
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UnauthorizedAccessException($"its mode {Octal(mode)} lets other users in and cannot be changed to 0700 ({e.Message}); fix it or choose another with --datadir (MICROCHANNELS_DATADIR)", e);
        }

        return mode;
    }

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);

    /// <summary>
    /// The owner's uid from stat(2), where the struct layout is known (Linux x64 and the generic
    /// layout of arm64); null elsewhere, and then only the mode is checked.
    /// </summary>
    private static uint? OwnerOf(string path)
    {
        int uidOffset = RuntimeInformation.ProcessArchitecture switch
        {
            // x86_64 struct stat: st_dev 8, st_ino 8, st_nlink 8, st_mode 4, st_uid 4.
            Architecture.X64 when OperatingSystem.IsLinux() => 28,
            // asm-generic struct stat: st_dev 8, st_ino 8, st_mode 4, st_nlink 4, st_uid 4.
            Architecture.Arm64 when OperatingSystem.IsLinux() => 24,
            _ => -1,
        };
        if (uidOffset < 0)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Stat(path, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // glibc exports stat itself only from 2.33 (older ones have __xstat): check the mode alone.
            return null;
        }

        return MemoryMarshal.Read<uint>(buffer[uidOffset..]);
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
