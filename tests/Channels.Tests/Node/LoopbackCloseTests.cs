using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Store;
using Microchannels.Channels.Tests.Engine;

namespace Microchannels.Channels.Tests.Node;

/// <summary>A cooperative close over real loopback TCP (BOLT 8 + init) with SQLite stores, after streaming.</summary>
public class LoopbackCloseTests
{
    [Fact]
    public async Task Thousand_transfers_each_way_then_a_cooperative_close_broadcasts_the_same_transaction_on_both_nodes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        const ulong initialMeterMsat = 600_000_000;
        using var pair = new ChannelPair(meterInitialMsat: (long)initialMeterMsat);
        await using var meter = new LoopbackNode("meter", Seed(0x42), Microchannels.Bitcoin.Crypto.Hashes.Sha256("meter node"u8));
        await using var provider = new LoopbackNode("provider", Seed(0x24), Microchannels.Bitcoin.Crypto.Hashes.Sha256("provider node"u8));
        await LoopbackChannelTests.StartFreshAsync(meter, pair.Meter);
        await LoopbackChannelTests.StartFreshAsync(provider, pair.Provider);
        var meterDone = LoopbackChannelTests.Count(meter.Runner!, 1_000);
        var providerDone = LoopbackChannelTests.Count(provider.Runner!, 1_000);
        await LoopbackNode.ConnectAsync(meter, provider, ct);

        ulong paid = 0, refunded = 0;
        for (int i = 0; i < 1_000; i++)
        {
            // Odd millisatoshi amounts, so the final balances are not whole satoshis.
            ulong pay = 1_003 + (ulong)(i % 97);
            ulong refund = 401 + (ulong)(i % 13);
            await meter.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(pay), pair.NextReading()), ct);
            await provider.Runner!.PostAsync(new ChannelInput.SendTransfer(new MilliSatoshis(refund), pair.NextReading()), ct);
            paid += pay;
            refunded += refund;
        }

        await meterDone.WaitAsync(ct);
        await providerDone.WaitAsync(ct);

        // Closed as soon as every transfer completed: the last revocation may still be in flight.
        await meter.Runner!.PostAsync(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(500))), ct);
        var meterClose = await WaitForMutualCloseAsync(meter, ct);
        var providerClose = await WaitForMutualCloseAsync(provider, ct);

        var meterTx = Assert.Single(meter.Chain.Broadcast);
        var providerTx = Assert.Single(provider.Chain.Broadcast);
        byte[] closing = TransactionSerializer.Serialize(meterTx);
        Assert.Equal(closing, TransactionSerializer.Serialize(providerTx));
        Assert.Equal(closing, TransactionSerializer.Serialize(meterClose.ClosingTransaction));
        Assert.Equal(closing, TransactionSerializer.Serialize(providerClose.ClosingTransaction));

        // Outputs are the final balances, msat rounded down (BOLT 3), the fee from the meter (the funder).
        ulong meterMsat = initialMeterMsat - paid + refunded;
        ulong providerMsat = ChannelPair.FundingSatoshis * 1000 - meterMsat;
        Assert.Equal(new MilliSatoshis(meterMsat), meterClose.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(2, meterTx.Outputs.Length);
        long meterOut = meterTx.Outputs.Single(o => o.ScriptPubKey == PaymentScript(meter)).Value.Value;
        long providerOut = meterTx.Outputs.Single(o => o.ScriptPubKey == PaymentScript(provider)).Value.Value;
        Assert.Equal((long)(providerMsat / 1000), providerOut);
        long fee = (long)(meterMsat / 1000) - meterOut;
        Assert.InRange(fee, 1, 10_000);
        Assert.Equal((long)((meterMsat % 1000 + providerMsat % 1000) / 1000), ChannelPair.FundingSatoshis - meterOut - providerOut - fee);

        // The stores hold the mutual close.
        var key = new ChannelKey(meterClose.ChannelId.AsSpan());
        var stored = ChannelStateCodec.Decode((await meter.Store.LoadAsync(key) ?? throw new InvalidOperationException("missing")).State.Span);
        Assert.Equal(closing, TransactionSerializer.Serialize(Assert.IsType<ChannelState.MutualClose>(stored).ClosingTransaction));
        stored = ChannelStateCodec.Decode((await provider.Store.LoadAsync(key) ?? throw new InvalidOperationException("missing")).State.Span);
        Assert.Equal(closing, TransactionSerializer.Serialize(Assert.IsType<ChannelState.MutualClose>(stored).ClosingTransaction));
    }

    private static Script PaymentScript(LoopbackNode node) =>
        StandardScripts.PayToWitnessPubKeyHashFromPublicKey(node.Signer!.Basepoints.PaymentBasepoint.AsSpan());

    private static Task<ChannelState.MutualClose> WaitForMutualCloseAsync(LoopbackNode node, CancellationToken ct) =>
        Eventually.ValueAsync(() => node.Runner!.State is ChannelState.MutualClose closed && !node.Chain.Broadcast.IsEmpty ? closed : null, $"{node.Name} to close", ct);

    private static byte[] Seed(byte b) => Enumerable.Repeat(b, 32).ToArray();
}
