using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>DESIGN.md decision 7: BITCOIND_EXE first, then PATH, and a plain reason when neither has it.</summary>
public sealed class BitcoindLocatorTests
{
    [Fact]
    public void Neither_variable_nor_path_gives_the_documented_reason()
    {
        using var empty = new TempDirectory();

        Assert.False(BitcoindLocator.TryLocate(null, empty.Path, out string? path, out string reason));
        Assert.Null(path);
        Assert.Equal("bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH", reason);
    }

    [Fact]
    public void An_executable_on_path_is_found()
    {
        using var empty = new TempDirectory();
        using var bin = new TempDirectory();
        string bitcoind = FakeExecutable(bin.Path, "bitcoind");

        Assert.True(BitcoindLocator.TryLocate("", $"{empty.Path}{Path.PathSeparator}{bin.Path}", out string? path, out _));
        Assert.Equal(bitcoind, path);
    }

    [Fact]
    public void The_environment_variable_wins_over_path()
    {
        using var bin = new TempDirectory();
        using var other = new TempDirectory();
        FakeExecutable(bin.Path, "bitcoind");
        string chosen = FakeExecutable(other.Path, "my-bitcoind");

        Assert.True(BitcoindLocator.TryLocate(chosen, bin.Path, out string? path, out string reason));
        Assert.Equal(chosen, path);
        Assert.Contains("BITCOIND_EXE", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_pointing_at_nothing_is_reported_not_replaced_by_path()
    {
        using var bin = new TempDirectory();
        FakeExecutable(bin.Path, "bitcoind");
        string missing = Path.Combine(bin.Path, "missing");

        Assert.False(BitcoindLocator.TryLocate(missing, bin.Path, out _, out string reason));
        Assert.StartsWith("bitcoind not found: set BITCOIND_EXE or put bitcoind on PATH", reason, StringComparison.Ordinal);
        Assert.Contains(missing, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_executable_is_skipped()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no execute bit.
        }

        using var bin = new TempDirectory();
        File.WriteAllText(Path.Combine(bin.Path, "bitcoind"), "not a program");

        Assert.False(BitcoindLocator.TryLocate(null, bin.Path, out _, out _));
    }

    private static string FakeExecutable(string directory, string name)
    {
        string path = Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
