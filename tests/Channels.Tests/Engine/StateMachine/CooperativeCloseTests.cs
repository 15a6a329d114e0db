using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.Closing.Errors;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

public class CooperativeCloseTests
{
    private static readonly ClosingFeerates MeterFeerates = ClosingFeerates.Around(new FeeratePerKw(500));

    [Fact]
    public void Meter_closes_after_streaming_and_both_broadcast_the_same_closing_transaction()
    {
        using var pair = Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        pair.Pump();
        AssertMutualClose(pair);
    }

    [Fact]
    public void Provider_closes_and_the_meter_as_funder_opens_the_negotiation_and_pays_the_fee()
    {
        using var pair = Streamed();
        pair.Provider.Input(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(300))));
        pair.Pump();
        AssertMutualClose(pair);
    }

    [Fact]
    public void Close_requested_while_a_commitment_is_in_flight_waits_for_it_and_covers_every_transfer()
    {
        // The first commitment is in flight; the second transfer and the provider's refund wait for its revocation.
        using var fresh = Streamed();
        fresh.MeterPays(7_000);
        fresh.Step();
        fresh.MeterPays(3_000);
        fresh.ProviderRefunds(1_000);
        Assert.True(fresh.Meter.Commitments.AwaitingRevocation);
        fresh.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        var shuttingDown = Assert.IsType<ChannelState.ShuttingDown>(fresh.Meter.State);
        Assert.False(shuttingDown.Shutdown.LocalShutdownSent);
        fresh.Pump();
        AssertMutualClose(fresh);
        Assert.Empty(fresh.Meter.Notifications.OfType<ChannelAction.CommandRejected>());
    }

    [Fact]
    public void Transfers_are_refused_once_shutting_down_on_both_sides()
    {
        using var pair = Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        pair.MeterPays(1_000);
        pair.Step();
        var refused = Assert.Single(pair.Meter.Notifications.OfType<ChannelAction.CommandRejected>());
        Assert.IsType<ChannelShuttingDownException>(refused.Reason);

        // The provider saw the shutdown: it is shutting down too and waits for the funder's closing_signed.
        Assert.IsType<ChannelState.ShuttingDown>(pair.Provider.State);
        pair.ProviderRefunds(500);
        pair.Step();
        var providerRefused = Assert.Single(pair.Provider.Notifications.OfType<ChannelAction.CommandRejected>());
        Assert.IsType<ChannelShuttingDownException>(providerRefused.Reason);

        pair.Pump();
        Assert.IsType<ChannelState.MutualClose>(pair.Meter.State);
        Assert.IsType<ChannelState.MutualClose>(pair.Provider.State);

        // Closed: a transfer is refused, a message changes nothing.
        pair.MeterPays(1_000);
        pair.Pump();
        Assert.Equal(2, pair.Meter.Notifications.OfType<ChannelAction.CommandRejected>().Count());
        var closed = (ChannelState.MutualClose)pair.Meter.State;
        var step = ChannelStateMachine.Process(closed, new ChannelInput.PeerMessage(new Microchannels.Channels.Wire.Shutdown(closed.ChannelId, new Microchannels.Channels.Wire.ByteVector([0x00, 0x14, .. new byte[20]]))), pair.Meter.Signer);
        Assert.Same(closed, step.State);
        Assert.Empty(step.Actions);
    }

    [Fact]
    public void An_invalid_local_script_refuses_the_command_and_keeps_the_channel_open()
    {
        using var pair = Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(new Script([0x6a]), MeterFeerates));
        pair.Pump();
        Assert.IsType<ChannelState.Normal>(pair.Meter.State);
        var refused = Assert.Single(pair.Meter.Notifications.OfType<ChannelAction.CommandRejected>());
        Assert.IsType<InvalidShutdownScriptException>(refused.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    public void A_disconnection_while_closing_resumes_after_reestablish(int stepsBeforeDisconnect)
    {
        using var pair = Streamed();
        pair.MeterPays(2_000);
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        for (int i = 0; i < stepsBeforeDisconnect; i++)
        {
            pair.Step();
        }

        pair.Disconnect();
        pair.Connect();
        pair.Pump();
        if (pair.Meter.State is ChannelState.Negotiating && pair.Provider.State is ChannelState.MutualClose provider)
        {
            // The provider agreed and broadcast; its reply was lost, and a closed channel
            // answers nothing. The meter learns of the close from the chain.
            pair.Meter.Input(new ChannelInput.FundingSpent(provider.ClosingTransaction));
            pair.Meter.RunActions(new Queue<Microchannels.Channels.Wire.LightningMessage>());
            AssertMutualClose(pair, meterBroadcast: false);
            return;
        }

        AssertMutualClose(pair);
    }

    [Fact]
    public void A_restart_from_the_store_while_negotiating_resumes_and_closes()
    {
        using var pair = Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        while (pair.Meter.Persisted is not ChannelState.Negotiating)
        {
            Assert.True(pair.Step());
        }

        pair.Disconnect();
        pair.Meter.Restart();
        pair.Provider.Restart();
        Assert.IsType<ChannelState.Negotiating>(pair.Meter.State);
        pair.Connect();
        pair.Pump();
        AssertMutualClose(pair);
    }

    public static TheoryData<bool, int> CrashPoints()
    {
        var data = new TheoryData<bool, int>();
        foreach (bool meter in new[] { true, false })
        {
            for (int actions = 0; actions < 10; actions++)
            {
                data.Add(meter, actions);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_at_any_action_of_the_close_resumes_from_the_store(bool crashMeter, int crashAfterActions)
    {
        using var pair = Streamed();
        var victim = crashMeter ? pair.Meter : pair.Provider;
        victim.CrashAfter = victim.ActionsExecuted + crashAfterActions;
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        pair.Pump();
        if (victim.Crashed)
        {
            pair.RecoverFromCrash(victim);
            if (pair.Meter.State is ChannelState.Normal)
            {
                // The meter crashed before storing its shutdown: its application asks again.
                pair.Pump();
                pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
            }

            pair.Pump();
        }

        if (pair.Meter.State is ChannelState.Negotiating && pair.Provider.State is ChannelState.MutualClose provider)
        {
            pair.Meter.Input(new ChannelInput.FundingSpent(provider.ClosingTransaction));
        }

        Assert.IsType<ChannelState.MutualClose>(pair.Meter.State);
        var closed = Assert.IsType<ChannelState.MutualClose>(pair.Provider.State);
        Assert.Equal(TransactionSerializer.Serialize(closed.ClosingTransaction), TransactionSerializer.Serialize(((ChannelState.MutualClose)pair.Meter.State).ClosingTransaction));
        Assert.Empty(pair.Meter.Notifications.Concat(pair.Provider.Notifications).OfType<ChannelAction.ChannelFailed>());
    }

    [Fact]
    public void While_negotiating_our_commitment_on_chain_is_resolved_as_a_unilateral_close()
    {
        using var pair = Streamed();
        pair.Meter.Input(new ChannelInput.CooperativeClose(null, MeterFeerates));
        while (pair.Meter.State is not ChannelState.Negotiating)
        {
            Assert.True(pair.Step());
        }

        var negotiating = (ChannelState.Negotiating)pair.Meter.State;
        var commitment = negotiating.Negotiation.Commitments.SignedLocalCommitment(pair.Meter.Signer);
        var step = ChannelStateMachine.Process(negotiating, new ChannelInput.FundingSpent(commitment), pair.Meter.Signer);

        // Not a closing transaction: BOLT 5 "Unilateral Close Handling: Local Commitment Transaction".
        Assert.Equal(Channels.Engine.OnChain.FundingSpendKind.LocalCommitment, Assert.IsType<ChannelState.ClosingOnChain>(step.State).Close.Kind);
    }

    internal static MachinePair Streamed()
    {
        var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        for (int i = 0; i < 60; i++)
        {
            pair.MeterPays(10_000 + (ulong)i * 7);
            if (i % 4 == 0)
            {
                pair.ProviderRefunds(2_001);
            }

            if (i % 5 == 0)
            {
                pair.Pump();
            }
        }

        pair.Pump();
        return pair;
    }

    private static void AssertMutualClose(MachinePair pair, bool meterBroadcast = true)
    {
        var meter = Assert.IsType<ChannelState.MutualClose>(pair.Meter.State);
        var provider = Assert.IsType<ChannelState.MutualClose>(pair.Provider.State);
        var providerTx = Assert.Single(pair.Provider.Notifications.OfType<ChannelAction.BroadcastTransaction>()).Transaction;
        var meterTx = meterBroadcast ? Assert.Single(pair.Meter.Notifications.OfType<ChannelAction.BroadcastTransaction>()).Transaction : meter.ClosingTransaction;
        Assert.Equal(meterBroadcast, pair.Meter.Notifications.OfType<ChannelAction.BroadcastTransaction>().Any());
        Assert.Equal(TransactionSerializer.Serialize(meterTx), TransactionSerializer.Serialize(providerTx));
        Assert.Equal(TransactionSerializer.Serialize(meterTx), TransactionSerializer.Serialize(meter.ClosingTransaction));
        Assert.Equal(TransactionSerializer.Serialize(meterTx), TransactionSerializer.Serialize(provider.ClosingTransaction));
        Assert.Empty(pair.Meter.Notifications.Concat(pair.Provider.Notifications).OfType<ChannelAction.ChannelFailed>());

        // Outputs: the final balances, msat rounded down, the fee taken from the meter (the funder).
        ulong meterMsat = pair.ExpectedMeterMsat;
        Assert.Equal(new MilliSatoshis(meterMsat), meter.Commitments.LocalCommit.Spec.ToLocal);
        ulong providerMsat = ChannelPair.FundingSatoshis * 1000 - meterMsat;
        var meterScript = DefaultScript(pair.Meter);
        var providerScript = DefaultScript(pair.Provider);
        Assert.Equal(2, meterTx.Outputs.Length);
        long meterOut = meterTx.Outputs.Single(o => o.ScriptPubKey == meterScript).Value.Value;
        long providerOut = meterTx.Outputs.Single(o => o.ScriptPubKey == providerScript).Value.Value;
        Assert.Equal((long)(providerMsat / 1000), providerOut);
        long fee = (long)(meterMsat / 1000) - meterOut;
        Assert.True(fee > 0);
        // The rest of the funding is the millisatoshis both roundings dropped (BOLT 3: amounts are rounded down).
        Assert.Equal((long)((meterMsat % 1000 + providerMsat % 1000) / 1000), ChannelPair.FundingSatoshis - meterOut - providerOut - fee);

        // Every stored state decodes; a decoded state encodes back to itself. Negotiation and
        // mutual close run on a quiet channel, so their records come back byte for byte; a
        // record while shutting down may hold unsigned proposals, which a restart drops (BOLT 2).
        foreach (var record in pair.Meter.StoredRecords.Concat(pair.Provider.StoredRecords))
        {
            var decoded = ChannelStateCodec.Decode(record);
            var again = ChannelStateCodec.Encode(decoded);
            Assert.Equal(again, ChannelStateCodec.Encode(ChannelStateCodec.Decode(again)));
            if (decoded is ChannelState.Negotiating or ChannelState.MutualClose)
            {
                Assert.Equal(record, again);
            }
        }

        Assert.Contains(pair.Meter.StoredRecords, r => ChannelStateCodec.Decode(r) is ChannelState.Negotiating);
        Assert.Contains(pair.Meter.StoredRecords, r => ChannelStateCodec.Decode(r) is ChannelState.ShuttingDown);
    }

    private static Script DefaultScript(MachineSide side) =>
        StandardScripts.PayToWitnessPubKeyHashFromPublicKey(side.Signer.Basepoints.PaymentBasepoint.AsSpan());
}
