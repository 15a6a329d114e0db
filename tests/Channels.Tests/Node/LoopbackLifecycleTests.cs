using System.Diagnostics;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;
using Microchannels.Channels.Wire;
using Xunit.Abstractions;

namespace Microchannels.Channels.Tests.Node;

/// <summary>
/// A channel's whole life between two engines over real loopback TCP (BOLT 8 + init),
/// each with a durable SQLite store: opened over the wire (BOLT 2 v1), funded through
/// the chain interface, 10,000 transfers each way, then closed cooperatively.
/// </summary>
public class LoopbackLifecycleTests(ITestOutputHelper output)
{
    private const long FundingSatoshis = 1_000_000;
    private const ulong PushMsat = 100_000_000;
    private const int Transfers = 10_000;

    [Fact]
    public async Task Open_over_the_wire_stream_ten_thousand_transfers_each_way_and_close_cooperatively_exact_to_the_msat()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        using var readings = new ChannelPair();
        await using var meter = new LoopbackNode("meter", LoopbackChannelTests.Seed(0x42), Hashes.Sha256("meter node"u8));
        await using var provider = new LoopbackNode("provider", LoopbackChannelTests.Seed(0x24), Hashes.Sha256("provider node"u8));
        var policy = ChannelAcceptancePolicy.Default;

        // Open: the meter funds; the provider learns of the channel from open_channel.
        using (var openerSigner = new InMemoryChannelSigner(ChannelSecrets.FromSeed(LoopbackChannelTests.Seed(0x42))))
        {
            var temporaryId = new ChannelId(Hashes.Sha256("loopback temporary id"u8));
            meter.Start(ChannelStateMachine.Open(temporaryId, new Satoshis(FundingSatoshis), new MilliSatoshis(PushMsat), new FeeratePerKw(253), readings.MeterReadingKey.PublicKey, openerSigner, policy), 0);
        }

        await LoopbackNode.ConnectToOpenAsync(meter, provider, policy, ct);
        var funding = await Eventually.ValueAsync(() => meter.Chain.Broadcast.TryPeek(out var tx) ? tx : null, "funding broadcast", ct);
        Assert.IsType<ChannelState.Opening>(provider.Runner!.State);

        // The chain confirms it; each node is told, as its watcher would.
        var meterEstablished = Eventually.EventAsync<ChannelAction.ChannelEstablished>(meter.Runner!, ct);
        var providerEstablished = Eventually.EventAsync<ChannelAction.ChannelEstablished>(provider.Runner!, ct);
        await meter.Runner!.PostAsync(new ChannelInput.FundingConfirmed(funding, policy.MinimumDepth), ct);
        await provider.Runner.PostAsync(new ChannelInput.FundingConfirmed(funding, policy.MinimumDepth), ct);
        var established = await meterEstablished;
        Assert.Equal(established, await providerEstablished);
        Assert.Equal(new OutPoint(funding.GetTxId(), 1), established.FundingOutPoint);

        // Stream both ways, interleaved; several transfers share each commitment.
        var meterDone = LoopbackChannelTests.Count(meter.Runner!, Transfers);
        var providerDone = LoopbackChannelTests.Count(provider.Runner!, Transfers);
        var clock = Stopwatch.StartNew();
        ulong paid = 0, refunded = 0;
        for (int i = 0; i < Transfers; i++)
        {
            ulong pay = 1_003 + (ulong)(i % 97);
            ulong refund = 401 + (ulong)(i % 13);
            await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(pay), readings.NextReading()), ct);
            await provider.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(refund), readings.NextReading()), ct);
            paid += pay;
            refunded += refund;
        }

        var (meterCommitments, _) = await meterDone.WaitAsync(ct);
        await providerDone.WaitAsync(ct);
        output.WriteLine($"{2 * Transfers} transfers in {clock.Elapsed.TotalSeconds:F2} s; the meter signed {meterCommitments} commitments.");
        Assert.True(meterCommitments < Transfers, "transfers should share commitments");

        // Close: the meter asks; both nodes broadcast the same closing transaction.
        await meter.Runner!.PostAsync(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))), ct);
        var meterClose = await Eventually.ValueAsync(() => meter.Runner!.State as ChannelState.MutualClose, "meter mutual close", ct);
        var providerClose = await Eventually.ValueAsync(() => provider.Runner!.State as ChannelState.MutualClose, "provider mutual close", ct);
        var closing = meterClose.ClosingTransaction;
        Assert.Equal(TransactionSerializer.Serialize(closing), TransactionSerializer.Serialize(providerClose.ClosingTransaction));
        Assert.Equal(new OutPoint(funding.GetTxId(), 1), Assert.Single(closing.Inputs).PrevOut);

        // Exact to the msat: what each side holds is the push and the transfers, nothing else.
        ulong meterMsat = FundingSatoshis * 1000 - PushMsat - paid + refunded;
        ulong providerMsat = PushMsat + paid - refunded;
        Assert.Equal(new MilliSatoshis(meterMsat), meterClose.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis(providerMsat), providerClose.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(meterClose.Commitments.LocalCommit.Spec, providerClose.Commitments.RemoteCommit.Spec);

        // On chain: the provider's output is its balance rounded down; the meter, as funder, pays the fee (BOLT 3).
        long providerOut = closing.Outputs.Single(o => o.ScriptPubKey == PaymentScript(provider)).Value.Value;
        long meterOut = closing.Outputs.Single(o => o.ScriptPubKey == PaymentScript(meter)).Value.Value;
        Assert.Equal((long)(providerMsat / 1000), providerOut);
        long fee = FundingSatoshis - meterOut - providerOut;
        Assert.InRange(fee, 1, 10_000);
        Assert.Equal((long)(meterMsat / 1000) - meterOut + (long)((meterMsat % 1000 + providerMsat % 1000) / 1000), fee);

        // The stores hold the mutual close: stored before it is broadcast, so once each node
        // has broadcast it (the runner's state changes before its actions complete).
        var key = new ChannelKey(established.ChannelId.AsSpan());
        foreach (var node in new[] { meter, provider })
        {
            await Eventually.TrueAsync(() => node.Chain.Broadcast.Any(tx => tx.GetTxId() == closing.GetTxId()), $"{node.Name} to broadcast the closing transaction", ct);
            var stored = ChannelStateCodec.Decode((await node.Store.LoadAsync(key, ct) ?? throw new InvalidOperationException("missing")).State.Span);
            Assert.Equal(TransactionSerializer.Serialize(closing), TransactionSerializer.Serialize(Assert.IsType<ChannelState.MutualClose>(stored).ClosingTransaction));
        }
    }

    private static Script PaymentScript(LoopbackNode node) =>
        StandardScripts.PayToWitnessPubKeyHashFromPublicKey(node.Signer!.Basepoints.PaymentBasepoint.AsSpan());
}
