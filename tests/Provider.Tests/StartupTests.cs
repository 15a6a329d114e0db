using Grpc.Core;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>Configuration, the data directory, cleartext on loopback, the rate limit and a clean SIGTERM, each through the real process.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StartupTests : IDisposable
{
    private const string NoBitcoind = "http://127.0.0.1:9/";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("microchannels-provider-startup-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Theory]
    [InlineData("Api:Listen", "--api-listen", "nonsense")]
    [InlineData("Network", "--network", "moon")]
    [InlineData("Api:RateLimitPerMinute", "--Api:RateLimitPerMinute", "0")]
    [InlineData("Bitcoind:RpcUrl", "--bitcoind-rpc-url", "ftp://x")]
    [InlineData("Api:Insecure", "--api-insecure", "true")]
    [InlineData("Peer:MaxPendingPerAddress", "--Peer:MaxPendingPerAddress", "0")]
    [InlineData("Channels:MaxOpeningPerAddress", "--Channels:MaxOpeningPerAddress", "-1")]
    public async Task A_bad_setting_stops_the_daemon_with_one_line_naming_it(string setting, string option, string value)
    {
        string[] extra = setting == "Api:Insecure" ? [option, value, "--api-listen", "0.0.0.0:10009"] : [option, value];
        await using var daemon = DaemonProcess.Launch(_dataDirectory, setting == "Bitcoind:RpcUrl" ? value : NoBitcoind, FreePort.Pick(), FreePort.Pick(), extra);
        Assert.Equal(2, await daemon.WaitForExitAsync());
        string line = Assert.Single(daemon.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"invalid setting {setting}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_provider_json_then_the_environment_then_the_command_line()
    {
        await File.WriteAllTextAsync(Path.Combine(_dataDirectory, "provider.json"), """{ "Channels": { "MaxOpening": "0" }, "Network": "regtest" }""");
        await using (var fromJson = DaemonProcess.Launch(_dataDirectory, NoBitcoind, FreePort.Pick(), FreePort.Pick()))
        {
            Assert.Equal(2, await fromJson.WaitForExitAsync());
            Assert.StartsWith("invalid setting Channels:MaxOpening: must be a whole number from 1 to 1000000", fromJson.Output, StringComparison.Ordinal);
        }

        var environment = new Dictionary<string, string> { ["MICROCHANNELS_CHANNELS__MAXOPENING"] = "5", ["MICROCHANNELS_NETWORK"] = "venus" };
        await using (var fromEnvironment = DaemonProcess.Launch(environment, _dataDirectory, NoBitcoind, FreePort.Pick(), FreePort.Pick()))
        {
            Assert.Equal(2, await fromEnvironment.WaitForExitAsync());
            Assert.StartsWith("invalid setting Network:", fromEnvironment.Output, StringComparison.Ordinal);
        }

        await using var fromCommandLine = DaemonProcess.Launch(environment, _dataDirectory, NoBitcoind, FreePort.Pick(), FreePort.Pick(), "--network", "regtest");
        await fromCommandLine.WaitReadyAsync();
        Assert.Equal(0, await fromCommandLine.TerminateAsync());
    }

    [Fact]
    public async Task The_first_start_creates_the_seed_tokens_and_certificate_owner_only_says_so_once_and_a_restart_keeps_the_node()
    {
        string nodeId;
        await using (var first = await DaemonProcess.StartAsync(_dataDirectory, NoBitcoind))
        {
            Assert.Contains("BACK IT UP NOW", first.Output, StringComparison.Ordinal);
            foreach (string file in (string[])["seed.hex", "admin.token", "readonly.token", "tls.key"])
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataDirectory, file)));
            }

            Assert.NotEqual(first.AdminToken, first.ReadOnlyToken);
            nodeId = first.NodeId.ToString();

            // Without bitcoind it serves off-chain and says it is not synced.
            var info = await first.Client(first.ReadOnlyToken).GetInfoAsync(new GetInfoRequest());
            Assert.False(info.SyncedToChain);
            var health = new Grpc.Health.V1.Health.HealthClient(first.Channel(token: null));
            Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status);
            Assert.Equal(0, await first.TerminateAsync());
            Assert.Contains("Provider node stopped", first.Output, StringComparison.Ordinal);
        }

        await using var second = await DaemonProcess.StartAsync(_dataDirectory, NoBitcoind);
        Assert.DoesNotContain("BACK IT UP NOW", second.Output, StringComparison.Ordinal);
        Assert.Equal(nodeId, second.NodeId.ToString());
        Assert.Equal(0, await second.TerminateAsync());
    }

    [Fact]
    public async Task Cleartext_h2c_serves_on_loopback_when_asked_and_the_rate_limit_answers_RESOURCE_EXHAUSTED()
    {
        await using var daemon = await DaemonProcess.StartAsync(_dataDirectory, NoBitcoind, 0, 0, "--api-insecure", "true", "--Api:RateLimitPerMinute=3");
        var client = daemon.InsecureClient(daemon.ReadOnlyToken);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(daemon.NodeId.ToString(), (await client.GetInfoAsync(new GetInfoRequest())).NodeId);
        }

        var limited = await Assert.ThrowsAsync<RpcException>(async () => await client.GetInfoAsync(new GetInfoRequest()));
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);

        // The same from Debian's python3-grpcio.
        var (exitCode, output) = await PythonClient.RunAsync(daemon, "exhausted", "--insecure");
        Assert.True(exitCode == 0, output);
        Assert.Equal(0, await daemon.TerminateAsync());
    }
}
