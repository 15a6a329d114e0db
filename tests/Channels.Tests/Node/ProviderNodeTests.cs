using System.Diagnostics;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Tests.Store;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// One provider node serving many meters over real loopback TCP, all its channels in one
/// SQLite store: opened over the wire, streamed concurrently, restarted from the store,
/// resumed by each meter, and closed to strangers.
/// </summary>
public class ProviderNodeTests(ITestOutputHelper output)
{
    private const int Meters = 16;
    private static readonly Satoshis Funding = new(500_000);

    /// <summary>What the meter gives the provider at open (BOLT 2 push_msat), so the provider can refund above its reserve from the start.</summary>
    private static readonly MilliSatoshis Push = new(10_000_000);

    [Fact]
    public async Task Sixteen_meters_open_stream_and_resume_after_a_provider_restart_with_exact_balances_and_shared_fsyncs()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        var meters = Enumerable.Range(0, Meters).Select(i => new MeterClient(i)).ToList();
        try
        {
            await provider.StartAsync(ct);
            await Task.WhenAll(meters.Select(m => m.OpenAsync(provider.Node!.LocalEndPoint, provider.Node.NodeId, Funding, Push, readings.MeterReadingKey.PublicKey, ct)));
            await ConfirmFundingAsync(provider.Node!, meters, ct);
            Assert.Equal(Meters, provider.Node!.ChannelCount);

            // Every meter pays, the provider refunds some, all at once.
            var expected = new long[Meters];
            var clock = Stopwatch.StartNew();
            await StreamAsync(provider.Node, meters, readings, expected, perMeter: 100, ct);
            output.WriteLine($"{Meters * 120} transfers over {Meters} channels in {clock.Elapsed.TotalSeconds:F2} s.");
            AssertBalances(provider.Node, meters, expected);

            // Concurrent channels share fsyncs: fewer durable commits than records written.
            var statistics = provider.Store!.Statistics;
            output.WriteLine($"Provider store: {statistics.RecordsWritten} records in {statistics.TransactionsCommitted} commits.");
            Assert.True(statistics.TransactionsCommitted < statistics.RecordsWritten, $"{statistics.TransactionsCommitted} commits for {statistics.RecordsWritten} records: no group commit");

            // The provider restarts from its store; every channel is back before its meter returns.
            await provider.RestartAsync(ct);
            Assert.Equal(Meters, provider.Node!.ChannelCount);
            foreach (var meter in meters)
            {
                var stored = Assert.IsType<ChannelState.Normal>(provider.Node.GetState(meter.NodeKey.PublicKey));
                Assert.Equal(ConnectionPhase.Disconnected, stored.Connection);
            }

            await Task.WhenAll(meters.Select(m => m.ConnectAsync(provider.Node.LocalEndPoint, provider.Node.NodeId, ct)));
            await StreamAsync(provider.Node, meters, readings, expected, perMeter: 10, ct);
            AssertBalances(provider.Node, meters, expected);
        }
        finally
        {
            foreach (var meter in meters)
            {
                await meter.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_stranger_reestablishing_a_known_channel_is_refused_and_the_channel_is_untouched()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var ct = timeout.Token;
        await using var provider = new ProviderHarness();
        using var readings = new ChannelPair();
        await using var meter = new MeterClient(0);
        await provider.StartAsync(ct);
        await meter.OpenAsync(provider.Node!.LocalEndPoint, provider.Node.NodeId, Funding, Push, readings.MeterReadingKey.PublicKey, ct);
        await ConfirmFundingAsync(provider.Node, [meter], ct);
        var channelId = meter.State.ChannelId;

        // Someone who learnt the channel_id from the chain, under another node key.
        using var strangerKey = PrivateKey.FromBytes(Hashes.Sha256("stranger"u8));
        await using (var stranger = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, strangerKey, provider.Node.NodeId, cancellationToken: ct))
        {
            await stranger.SendAsync(new ChannelReestablish(channelId, 5, 4, Secret.Zero, new Point(strangerKey.PublicKey.AsSpan())), ct);
            var error = Assert.IsType<Error>(await stranger.ReceiveAsync(ct));
            Assert.Equal(channelId, error.ChannelId);
        }

        // The meter itself may not open a second channel either.
        await using (var again = await NoisePeerConnection.ConnectAsync(provider.Node.LocalEndPoint, meter.NodeKey, provider.Node.NodeId, cancellationToken: ct))
        {
            using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Hashes.Sha256("second channel"u8)));
            var second = (OpenChannel)ChannelStateMachine.Open(new ChannelId(Hashes.Sha256("second"u8)), Funding, MilliSatoshis.Zero, new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, signer, ChannelAcceptancePolicy.Default).Pending!;
            await again.SendAsync(second, ct);
            Assert.IsType<Error>(await again.ReceiveAsync(ct));
        }

        var state = Assert.IsType<ChannelState.Normal>(provider.Node.GetState(meter.NodeKey.PublicKey));
        Assert.Equal(channelId, state.ChannelId);
        Assert.Equal(1, provider.Node.ChannelCount);
        Assert.Empty(provider.Chain.Broadcast);

        // And the meter's channel still works.
        await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(5_000), meter.NextReading(readings.MeterReadingKey, provider.Node.NodeId, 5_000)), ct);
        await Eventually.TrueAsync(() => provider.Node.GetState(meter.NodeKey.PublicKey) is ChannelState.Normal { Commitments.LocalCommit.Spec.ToLocal.Value: 10_005_000 }, "the transfer", ct);
    }

    internal static async Task ConfirmFundingAsync(ProviderNode node, IReadOnlyList<MeterClient> meters, CancellationToken ct)
    {
        foreach (var meter in meters)
        {
            var funding = await Eventually.ValueAsync(() => meter.Funding, $"meter {meter.Index} funding", ct);
            var depth = ChannelAcceptancePolicy.Default.MinimumDepth;
            await meter.Runner!.PostAsync(new ChannelInput.FundingConfirmed(funding, depth), ct);
            await node.PostAsync(meter.NodeKey.PublicKey, new ChannelInput.FundingConfirmed(funding, depth), ct);
        }

        foreach (var meter in meters)
        {
            await Eventually.TrueAsync(() => meter.State is ChannelState.Normal && node.GetState(meter.NodeKey.PublicKey) is ChannelState.Normal, $"meter {meter.Index} open", ct);
        }
    }

    /// <summary>Each meter pays <paramref name="perMeter"/> times and the provider refunds a fifth as often; waits until all completed.</summary>
    private static async Task StreamAsync(ProviderNode node, IReadOnlyList<MeterClient> meters, ChannelPair readings, long[] meterMsat, int perMeter, CancellationToken ct)
    {
        foreach (var meter in meters)
        {
            meterMsat[meter.Index] = meterMsat[meter.Index] == 0 ? (Funding.Value * 1000) - (long)Push.Value : meterMsat[meter.Index];
        }

        for (int i = 0; i < perMeter; i++)
        {
            foreach (var meter in meters)
            {
                long pay = 2_000 + meter.Index + (i % 7);
                await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis((ulong)pay), meter.NextReading(readings.MeterReadingKey, node.NodeId, (ulong)pay)), ct);
                meterMsat[meter.Index] -= pay;
                if (i % 5 == 0)
                {
                    long refund = 700 + i;
                    await node.PostAsync(meter.NodeKey.PublicKey, new ChannelInput.SendTransfer(new MilliSatoshis((ulong)refund), meter.LatestReading!), ct);
                    meterMsat[meter.Index] += refund;
                }
            }
        }

        foreach (var meter in meters)
        {
            await Eventually.TrueAsync(
                () => meter.State is ChannelState.Normal { Commitments: var c } && c.LocalCommit.Spec.ToLocal.Value == (ulong)meterMsat[meter.Index]
                    && node.GetState(meter.NodeKey.PublicKey) is ChannelState.Normal { Commitments: var p } && p.LocalCommit.Spec.ToRemote.Value == (ulong)meterMsat[meter.Index]
                    && !c.AwaitingRevocation && !p.AwaitingRevocation && c.LocalChanges.IsEmpty && p.LocalChanges.IsEmpty,
                $"meter {meter.Index} to settle",
                ct);
        }
    }

    private static void AssertBalances(ProviderNode node, IReadOnlyList<MeterClient> meters, long[] meterMsat)
    {
        foreach (var meter in meters)
        {
            var ours = Assert.IsType<ChannelState.Normal>(meter.State).Commitments;
            var theirs = Assert.IsType<ChannelState.Normal>(node.GetState(meter.NodeKey.PublicKey)).Commitments;
            Assert.Equal((ulong)meterMsat[meter.Index], ours.LocalCommit.Spec.ToLocal.Value);
            Assert.Equal(ours.LocalCommit.Spec, theirs.RemoteCommit.Spec);
            Assert.Equal(theirs.LocalCommit.Spec, ours.RemoteCommit.Spec);
            Assert.Equal((ulong)(Funding.Value * 1000), ours.LocalCommit.Spec.ToLocal.Value + ours.LocalCommit.Spec.ToRemote.Value);
        }

        // Nothing was refused or failed on the provider's side.
        while (node.Events.TryRead(out var notice))
        {
            Assert.False(notice.Action is ChannelAction.CommandRejected or ChannelAction.MessageRejected or ChannelAction.ChannelFailed, $"{notice.Action}");
        }
    }
}
