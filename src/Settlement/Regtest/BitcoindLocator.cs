using System.Diagnostics.CodeAnalysis;

namespace Microchannels.Settlement.Regtest;

/// <summary>
/// Finds the bitcoind executable as DESIGN.md decision 7 says: the
/// <c>BITCOIND_EXE</c> environment variable first, then the directories on PATH.
/// </summary>
internal static class BitcoindLocator
{
    public const string EnvironmentVariable = "BITCOIND_EXE";

    public const string NotFoundReason = "bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH";

    public static bool TryLocate(string? bitcoindExe, string? pathVariable, [NotNullWhen(true)] out string? path, out string reason)
    {
        path = null;
        if (!string.IsNullOrWhiteSpace(bitcoindExe))
        {
            // A set variable is a decision; pointing at nothing is reported, not silently replaced by PATH.
            if (!IsExecutableFile(bitcoindExe))
            {
                reason = $"{NotFoundReason} ({EnvironmentVariable}='{bitcoindExe}' is not an executable file)";
                return false;
            }

            path = Path.GetFullPath(bitcoindExe);
            reason = $"{EnvironmentVariable}={path}";
            return true;
        }

        string fileName = OperatingSystem.IsWindows() ? "bitcoind.exe" : "bitcoind";
        foreach (string directory in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory.Trim(), fileName);
            if (IsExecutableFile(candidate))
            {
                path = Path.GetFullPath(candidate);
                reason = $"found on PATH at {path}";
                return true;
            }
        }

        reason = NotFoundReason;
        return false;
    }

    private static bool IsExecutableFile(string candidate)
    {
        try
        {
            if (!File.Exists(candidate))
            {
                return false;
            }

            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            // A malformed or unreadable PATH entry is skipped, as a shell would.
            return false;
        }
    }
}
