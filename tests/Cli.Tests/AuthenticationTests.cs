using Microchannels.Cli.Tests.Harness;
using Microchannels.Provider.Api.V1;
using static Microchannels.Cli.Tests.Harness.FakeProviderService;

namespace Microchannels.Cli.Tests;

/// <summary>Which token mcli sends, from where, and what it says when the daemon refuses it.</summary>
[Collection(DaemonCollection.Name)]
public sealed class AuthenticationTests
{
    private readonly FakeDaemon daemon;

    public AuthenticationTests(FakeDaemon daemon)
    {
        this.daemon = daemon;
        daemon.Service.Reset();
    }

    [Fact]
    public async Task The_admin_token_of_the_data_directory_is_sent_as_a_bearer_header()
    {
        var result = await daemon.RunAsync("getinfo");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer " + daemon.DataDirectory.AdminToken, daemon.Service.LastAuthorization);
    }

    [Fact]
    public async Task The_data_directory_comes_from_MICROCHANNELS_DATADIR_as_for_the_daemon()
    {
        var result = await Mcli.RunAsync(
            new Dictionary<string, string> { ["MICROCHANNELS_DATADIR"] = daemon.DataDirectory.Path },
            "getinfo", "--rpcserver", $"127.0.0.1:{daemon.Port}", "--readonly");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer " + daemon.DataDirectory.ReadOnlyToken, daemon.Service.LastAuthorization);
    }

    [Fact]
    public async Task Readonly_sends_the_read_only_token_which_reads()
    {
        var result = await daemon.RunAsync("listchannels", "--readonly");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer " + daemon.DataDirectory.ReadOnlyToken, daemon.Service.LastAuthorization);
    }

    [Fact]
    public async Task Readonly_on_a_write_method_says_to_use_the_admin_token()
    {
        var result = await daemon.RunAsync("closechannel", ChannelA, "--readonly");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(nameof(ProviderService.ProviderServiceBase.CloseChannel), daemon.Service.Last?.Method);
        string line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("mcli: closechannel is not allowed with the token in " + Path.Combine(daemon.DataDirectory.Path, "readonly.token"), line, StringComparison.Ordinal);
        Assert.Contains("use the admin token (drop --readonly", line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task No_tls_talks_cleartext_to_a_loopback_daemon_and_still_sends_the_token()
    {
        var result = await Mcli.RunAsync("getinfo", "--no-tls", "--rpcserver", $"127.0.0.1:{daemon.CleartextPort}", "--datadir", daemon.DataDirectory.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("Bearer " + daemon.DataDirectory.AdminToken, daemon.Service.LastAuthorization);
    }

    [Fact]
    public async Task A_token_file_the_daemon_does_not_know_is_unauthenticated()
    {
        string file = Path.Combine(daemon.DataDirectory.Path, "other.token");
        await File.WriteAllTextAsync(file, new string('0', 64) + "\n");

        var result = await daemon.RunAsync("getinfo", "--token-file", file);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("Bearer " + new string('0', 64), daemon.Service.LastAuthorization);
        Assert.StartsWith($"mcli: the daemon at 127.0.0.1:{daemon.Port} refused the token in {file}", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_token_file_is_a_configuration_error_before_any_call()
    {
        string empty = Directory.CreateTempSubdirectory("mcli-empty-").FullName;
        try
        {
            var result = await Mcli.RunAsync("getinfo", "--rpcserver", $"127.0.0.1:{daemon.Port}", "--datadir", empty);

            Assert.Equal(3, result.ExitCode);
            Assert.Null(daemon.Service.Last);
            Assert.Equal($"mcli: no token file at {Path.Combine(empty, "admin.token")}: pass --datadir with the daemon's data directory (it writes admin.token and readonly.token at first start) or --token-file\n", result.Stderr);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
