using Microchannels.Bitcoin;
using Microchannels.Provider.Api.V1;
using Microchannels.Provider.Tests.Support;

namespace Microchannels.Provider.Tests;

/// <summary>
/// bitcoind goes away and comes back (the SIMULATED embedded chain taken off the network, blocks
/// mined while the daemon cannot see them, then served again on the same port): the daemon keeps its channels running off-chain, reports
/// itself unhealthy and unsynced, refuses the calls that need the chain with UNAVAILABLE, and
/// when bitcoind returns it processes every block it missed before it reports synced again.
/// </summary>
public sealed class ChainOutageTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("microchannels-provider-outage-").FullName;
    private TestChain _chain = null!;
    private DaemonProcess _daemon = null!;
    private TestMeter _meter = null!;

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync(ChainKind.Embedded);
        _daemon = await DaemonProcess.StartAsync(_dataDirectory, _chain.Url);
        _meter = new TestMeter("outage", _chain);
    }

    public async Task DisposeAsync()
    {
        await _meter.DisposeAsync();
        await _daemon.DisposeAsync();
        await _chain.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Without_bitcoind_channels_run_off_chain_chain_calls_are_UNAVAILABLE_and_every_missed_block_is_caught_up()
    {
        var admin = _daemon.Client(_daemon.AdminToken);
        var health = new Grpc.Health.V1.Health.HealthClient(_daemon.Channel(token: null));
        await admin.AllowMeterAsync(new AllowMeterRequest { NodeId = _meter.NodeKey.PublicKey.ToString() });
        await _meter.OpenAsync(_daemon, new Satoshis(500_000));
        await _chain.MineAsync(3);
        await _meter.ConfirmAsync(_daemon);

        await _chain.StopAsync();
        await Eventually.TrueAsync(async () => !(await admin.GetInfoAsync(new GetInfoRequest())).SyncedToChain, "the daemon to notice bitcoind is gone");
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status);
        var (exitCode, output) = await PythonClient.RunAsync(_daemon, "unavailable", "--meter", _meter.NodeKey.PublicKey.ToString());
        Assert.True(exitCode == 0, output);

        // Off-chain, payments go on.
        await _meter.PayAsync(3, 2_000);
        await _meter.WaitCompletedAsync(3);
        await Eventually.TrueAsync(async () => (await admin.GetChannelAsync(new GetChannelRequest { MeterNodeId = _meter.NodeKey.PublicKey.ToString() })).TotalReceivedMsat == 6_000, "the payments journaled");

        // Blocks arrive while the daemon cannot see them; when bitcoind is back it processes them all.
        await _chain.MineWhileStoppedAsync(7);
        await _chain.StartAgainAsync();
        int height = await _chain.HeightAsync();
        await Eventually.TrueAsync(async () => (await admin.GetInfoAsync(new GetInfoRequest())) is { SyncedToChain: true } info && info.BlockHeight == (uint)height, "the daemon to catch up");
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest())).Status);
        Assert.Contains("bitcoind reachable; processed up to height " + height, _daemon.Output, StringComparison.Ordinal);
    }
}
