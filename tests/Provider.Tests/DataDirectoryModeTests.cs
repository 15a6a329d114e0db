using System.Runtime.InteropServices;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>
/// The data directory is private: an existing one others could enter is tightened to 0700 at
/// start with one log line, and one that belongs to another user is refused with one line
/// naming the setting. Through the real process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed partial class DataDirectoryModeTests : IDisposable
{
    private const string NoBitcoind = "http://127.0.0.1:9/";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _root = Directory.CreateTempSubdirectory("microchannels-provider-mode-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task An_existing_directory_others_can_enter_is_tightened_to_0700_with_one_line_and_a_new_one_is_created_0700()
    {
        string existing = Path.Combine(_root, "existing");
        Directory.CreateDirectory(existing);
        File.SetUnixFileMode(existing, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        await using (var daemon = await DaemonProcess.StartAsync(existing, NoBitcoind))
        {
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(existing));
            Assert.Single(daemon.Output.Split('\n'), line => line.StartsWith($"Data directory {existing} had mode 0757; changed to 0700", StringComparison.Ordinal));
            Assert.Equal(0, await daemon.TerminateAsync());
        }

        // Private now: the next start has nothing to say about it.
        await using (var again = await DaemonProcess.StartAsync(existing, NoBitcoind))
        {
            Assert.DoesNotContain("changed to 0700", again.Output, StringComparison.Ordinal);
            Assert.Equal(0, await again.TerminateAsync());
        }

        string created = Path.Combine(_root, "new", "provider");
        await using var fresh = await DaemonProcess.StartAsync(created, NoBitcoind);
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(created));
        Assert.DoesNotContain("changed to 0700", fresh.Output, StringComparison.Ordinal);
        Assert.Equal(0, await fresh.TerminateAsync());
    }

    [Fact]
    public async Task A_directory_of_another_user_is_refused_with_one_line_naming_the_setting_and_left_as_it_was()
    {
        // As root: a directory given to nobody (65534). Otherwise: /tmp, which root owns.
        string theirs;
        if (GetEffectiveUserId() == 0)
        {
            theirs = Path.Combine(_root, "theirs");
            Directory.CreateDirectory(theirs);
            File.SetUnixFileMode(theirs, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Assert.Equal(0, Chown(theirs, 65534, 65534));
        }
        else
        {
            theirs = Path.GetTempPath().TrimEnd('/');
        }

        UnixFileMode before = File.GetUnixFileMode(theirs);
        await using var daemon = DaemonProcess.Launch(theirs, NoBitcoind, FreePort.Pick(), FreePort.Pick());
        Assert.Equal(1, await daemon.WaitForExitAsync());
        string line = Assert.Single(daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"cannot use data directory {theirs}: it belongs to another user (uid ", line, StringComparison.Ordinal);
        Assert.Contains("--datadir (MICROCHANNELS_DATADIR)", line, StringComparison.Ordinal);
        Assert.Equal(before, File.GetUnixFileMode(theirs));
        Assert.False(File.Exists(Path.Combine(theirs, "seed.hex")));
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);
}
