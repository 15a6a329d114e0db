using System.Text.Json;
using Microchannels.Cli.Tests.Harness;

namespace Microchannels.Cli.Tests.EndToEnd;

/// <summary>mcli against the real provider daemon: its data directory, its certificate, its tokens, its errors.</summary>
public sealed class ProviderDaemonTests
{
    // A valid compressed public key (the secp256k1 generator), so the daemon accepts it as a meter id.
    private const string Meter = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    [Fact]
    public async Task Mcli_operates_a_freshly_started_provider_daemon()
    {
        await using var daemon = await ProviderDaemonProcess.StartAsync();
        string[] connect = ["--rpcserver", $"127.0.0.1:{daemon.ApiPort}", "--datadir", daemon.DataDirectory];

        var info = await Mcli.RunAsync(["getinfo", "--json", .. connect]);
        Assert.True(info.ExitCode == 0, info + daemon.Log);
        using (var json = JsonDocument.Parse(info.Stdout))
        {
            Assert.Matches("^0[23][0-9a-f]{64}$", json.RootElement.GetProperty("node_id").GetString());
            Assert.Equal("regtest", json.RootElement.GetProperty("network").GetString());
        }

        var allowed = await Mcli.RunAsync(["allowmeter", Meter, "--label", "end to end", .. connect]);
        Assert.True(allowed.ExitCode == 0, allowed + daemon.Log);
        Assert.Contains("added to the allow-list", allowed.Stdout, StringComparison.Ordinal);

        var listed = await Mcli.RunAsync(["listmeters", "--readonly", "--json", .. connect]);
        Assert.True(listed.ExitCode == 0, listed + daemon.Log);
        using (var json = JsonDocument.Parse(listed.Stdout))
        {
            var meter = Assert.Single(json.RootElement.GetProperty("meters").EnumerateArray());
            Assert.Equal(Meter, meter.GetProperty("node_id").GetString());
            Assert.Equal("end to end", meter.GetProperty("label").GetString());
        }

        var denied = await Mcli.RunAsync(["removemeter", Meter, "--readonly", .. connect]);
        Assert.Equal(4, denied.ExitCode);
        Assert.StartsWith("mcli: removemeter is not allowed with the token in ", denied.Stderr, StringComparison.Ordinal);

        var unknown = await Mcli.RunAsync(["getchannel", new string('0', 64), .. connect]);
        Assert.Equal(5, unknown.ExitCode);
        Assert.StartsWith("mcli: not found: ", unknown.Stderr, StringComparison.Ordinal);

        Assert.Equal(0, await daemon.StopAsync());
    }
}
