using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.Opening;
using Microchannels.Channels.Engine.Opening.Errors;
using Microchannels.Channels.Engine.Persistence;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Node;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

/// <summary>BOLT 2 "Channel Establishment v1" through the state machine: what is stored, sent and broadcast when.</summary>
public class OpeningStateMachineTests
{
    [Fact]
    public void Opening_stores_before_funding_signed_and_before_the_funding_broadcast_then_both_sides_open_at_depth()
    {
        using var machines = new OpeningMachines(pushMsat: 2_000_000);
        machines.Fund();
        var meter = machines.Meter;
        var provider = machines.Provider!;

        // Accepter: accept_channel; then stored, funding_signed, and a watch (BOLT 2 "The funding_signed Message").
        Assert.Equal(
            [typeof(ChannelAction.SendMessage), typeof(ChannelAction.PersistState), typeof(ChannelAction.SendMessage), typeof(ChannelAction.WatchFunding)],
            provider.Performed.Select(a => a.GetType()));
        Assert.IsType<AcceptChannel>(((ChannelAction.SendMessage)provider.Performed[0]).Message);
        Assert.IsType<FundingSigned>(((ChannelAction.SendMessage)provider.Performed[2]).Message);

        // Opener: funding broadcast only after storing, once funding_signed was valid.
        var persistAt = meter.Performed.FindIndex(a => a is ChannelAction.PersistState);
        var broadcastAt = meter.Performed.FindIndex(a => a is ChannelAction.BroadcastTransaction);
        Assert.True(persistAt >= 0 && persistAt < broadcastAt, "the opener must store before broadcasting the funding");
        Assert.Equal(machines.FundingTransaction, Assert.Single(meter.Broadcast));

        var watch = meter.Last<ChannelAction.WatchFunding>();
        Assert.Equal(new OutPoint(machines.FundingTransaction!.GetTxId(), 1), watch.FundingOutPoint);
        Assert.Equal(provider.Last<ChannelAction.WatchFunding>(), watch);
        Assert.Equal(ChannelAcceptancePolicy.Default.MinimumDepth, watch.MinimumDepth);

        // Below the depth nothing happens.
        int before = meter.Performed.Count;
        machines.Confirm(meter, watch.MinimumDepth - 1);
        Assert.Equal(before, meter.Performed.Count);

        machines.Confirm(meter, watch.MinimumDepth);
        machines.Confirm(provider, watch.MinimumDepth);
        Assert.IsType<AwaitingChannelReady>(Assert.IsType<ChannelState.Opening>(meter.Stored).Phase);
        meter.DeliverTo(provider);
        provider.DeliverTo(meter);

        var meterOpen = Assert.IsType<ChannelState.Normal>(meter.State);
        var providerOpen = Assert.IsType<ChannelState.Normal>(provider.State);
        Assert.Equal(CommitmentsCodec.Encode(meterOpen.Commitments), CommitmentsCodec.Encode(Assert.IsType<ChannelState.Normal>(meter.Stored).Commitments));
        Assert.Equal(CommitmentsCodec.Encode(providerOpen.Commitments), CommitmentsCodec.Encode(Assert.IsType<ChannelState.Normal>(provider.Stored).Commitments));
        Assert.Equal(ChannelIdDerivation.V1(watch.FundingOutPoint), meterOpen.ChannelId);
        Assert.Equal(new MilliSatoshis(1_000_000_000 - 2_000_000), meterOpen.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(meterOpen.Commitments.LocalCommit.Spec, providerOpen.Commitments.RemoteCommit.Spec);
        Assert.Equal(providerOpen.Commitments.LocalCommit.Spec, meterOpen.Commitments.RemoteCommit.Spec);
        Assert.Single(meter.Performed.OfType<ChannelAction.ChannelEstablished>());
        Assert.Single(provider.Performed.OfType<ChannelAction.ChannelEstablished>());
    }

    [Fact]
    public void A_channel_ready_that_arrives_before_our_depth_opens_the_channel_when_we_reach_it()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        machines.Confirm(machines.Provider!, 3);
        machines.Provider!.DeliverTo(machines.Meter);
        Assert.IsType<ChannelState.Opening>(machines.Meter.State);

        machines.Confirm(machines.Meter, 3);
        Assert.IsType<ChannelState.Normal>(machines.Meter.Stored);
        machines.Meter.DeliverTo(machines.Provider);
        Assert.IsType<ChannelState.Normal>(machines.Provider.State);
    }

    [Theory]
    [InlineData(0)] // before accept_channel
    [InlineData(1)] // the meter waits for funding_signed; the provider has stored
    public void A_disconnection_before_the_funding_is_signed_abandons_the_opening_and_nothing_is_stored(int delivered)
    {
        using var machines = new OpeningMachines();
        machines.Connect();
        for (int i = 0; i < delivered; i++)
        {
            machines.Meter.Input(new ChannelInput.PeerMessage(machines.Provider!.Outbox.Dequeue()));
            var create = machines.Meter.Last<ChannelAction.CreateFundingTransaction>();
            machines.Meter.Input(new ChannelInput.FundingTransactionCreated(OpeningSide.Funding(create.FundingScriptPubKey, create.Amount)));
        }

        machines.Meter.Input(new ChannelInput.Disconnected());
        Assert.IsType<ChannelState.OpeningAborted>(machines.Meter.State);
        Assert.Null(machines.Meter.Stored);
        Assert.Empty(machines.Meter.Broadcast);
        Assert.IsType<DisconnectedDuringOpeningException>(machines.Meter.Last<ChannelAction.ChannelFailed>().Reason);
    }

    [Fact]
    public void After_a_restart_while_confirming_both_reestablish_and_the_opener_broadcasts_the_funding_again()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        machines.Meter.Restart();
        machines.Provider!.Restart();
        var meterStored = Assert.IsType<ChannelState.Opening>(machines.Meter.State);
        Assert.Equal(machines.FundingTransaction, meterStored.FundingTransaction);

        machines.Meter.Input(new ChannelInput.Connected());
        machines.Provider.Input(new ChannelInput.Connected());
        var reestablish = Assert.IsType<ChannelReestablish>(machines.Meter.Outbox.Peek());
        Assert.Equal((1UL, 0UL), (reestablish.NextCommitmentNumber, reestablish.NextRevocationNumber));
        machines.Meter.DeliverTo(machines.Provider);
        machines.Provider.DeliverTo(machines.Meter);
        Assert.Equal(2, machines.Meter.Broadcast.Count(tx => tx == machines.FundingTransaction));

        machines.Confirm(machines.Meter, 3);
        machines.Confirm(machines.Provider, 3);
        machines.Meter.DeliverTo(machines.Provider);
        machines.Provider.DeliverTo(machines.Meter);
        Assert.IsType<ChannelState.Normal>(machines.Meter.State);
        Assert.IsType<ChannelState.Normal>(machines.Provider.State);
    }

    [Fact]
    public void A_channel_ready_lost_in_a_crash_is_retransmitted_after_reestablish_and_a_duplicate_is_ignored()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        machines.Confirm(machines.Meter, 3);
        machines.Confirm(machines.Provider!, 3);

        // The provider's channel_ready is lost; the meter's arrives and opens the provider.
        machines.Provider!.Outbox.Clear();
        machines.Meter.DeliverTo(machines.Provider);
        Assert.IsType<ChannelState.Normal>(machines.Provider.State);
        Assert.IsType<ChannelState.Opening>(machines.Meter.State);

        // Both restart; after reestablish (next_commitment_number 1 on both sides) each retransmits channel_ready.
        machines.Meter.Restart();
        machines.Provider.Restart();
        machines.Meter.Input(new ChannelInput.Connected());
        machines.Provider.Input(new ChannelInput.Connected());
        machines.Meter.DeliverTo(machines.Provider);
        machines.Provider.DeliverTo(machines.Meter);
        machines.Meter.DeliverTo(machines.Provider);

        var meter = Assert.IsType<ChannelState.Normal>(machines.Meter.State);
        var provider = Assert.IsType<ChannelState.Normal>(machines.Provider.State);
        Assert.Equal(ConnectionPhase.Connected, meter.Connection);
        Assert.Equal(ConnectionPhase.Connected, provider.Connection);
        Assert.Empty(machines.Provider.Performed.OfType<ChannelAction.MessageRejected>());
        Assert.Equal(meter.Commitments.RemoteCommit.Spec, provider.Commitments.LocalCommit.Spec);
    }

    [Theory]
    [InlineData("no funding output")]
    [InlineData("two funding outputs")]
    [InlineData("non-segwit input")]
    public void A_wallet_transaction_that_does_not_fund_the_channel_abandons_the_opening(string spoil)
    {
        using var machines = new OpeningMachines();
        machines.Connect();
        machines.Meter.Input(new ChannelInput.PeerMessage(machines.Provider!.Outbox.Dequeue()));
        var create = machines.Meter.Last<ChannelAction.CreateFundingTransaction>();
        var good = OpeningSide.Funding(create.FundingScriptPubKey, create.Amount);
        var bad = spoil switch
        {
            "no funding output" => good with { Outputs = [good.Outputs[0]] },
            "two funding outputs" => good with { Outputs = [.. good.Outputs, good.Outputs[1]] },
            _ => good with { Inputs = [good.Inputs[0] with { Witness = Witness.Empty, ScriptSig = new Bitcoin.Scripts.Script(new byte[] { 0x00 }) }] },
        };

        machines.Meter.Input(new ChannelInput.FundingTransactionCreated(bad));
        Assert.IsType<ChannelState.OpeningAborted>(machines.Meter.State);
        Assert.IsType<FundingTransactionMismatchException>(machines.Meter.Last<ChannelAction.ChannelFailed>().Reason);
        Assert.Equal(bad, machines.Meter.Last<ChannelAction.ReleaseFundingTransaction>().FundingTransaction);
        Assert.IsType<Error>(machines.Meter.Outbox.Single());
        Assert.Null(machines.Meter.Stored);
    }

    [Fact]
    public void An_open_channel_the_provider_refuses_is_answered_with_an_error_and_nothing_is_kept()
    {
        using var machines = new OpeningMachines(providerPolicy: ChannelAcceptancePolicy.Default with { MinFundingAmount = new Satoshis(2_000_000) });
        machines.Connect();
        var provider = machines.Provider!;
        Assert.IsType<ChannelState.OpeningAborted>(provider.State);
        Assert.IsType<FundingAmountOutOfRangeException>(provider.Last<ChannelAction.ChannelFailed>().Reason);
        var error = Assert.IsType<Error>(provider.Outbox.Single());
        Assert.Equal(OpeningMachines.TemporaryChannelId, error.ChannelId);

        provider.DeliverTo(machines.Meter);
        Assert.IsType<ChannelState.OpeningAborted>(machines.Meter.State);
        Assert.IsType<PeerReportedErrorException>(machines.Meter.Last<ChannelAction.ChannelFailed>().Reason);
    }

    [Fact]
    public void A_bad_funding_signed_signature_abandons_the_opening_and_the_funding_is_never_broadcast()
    {
        using var machines = new OpeningMachines();
        machines.Connect();
        machines.Provider!.DeliverTo(machines.Meter);
        var create = machines.Meter.Last<ChannelAction.CreateFundingTransaction>();
        machines.Meter.Input(new ChannelInput.FundingTransactionCreated(OpeningSide.Funding(create.FundingScriptPubKey, create.Amount)));
        machines.Meter.DeliverTo(machines.Provider);
        var signed = Assert.IsType<FundingSigned>(machines.Provider.Outbox.Dequeue());
        var bytes = signed.Signature.AsSpan().ToArray();
        bytes[10] ^= 1;

        machines.Meter.Input(new ChannelInput.PeerMessage(signed with { Signature = new CompactSignature(bytes) }));
        Assert.IsType<ChannelState.OpeningAborted>(machines.Meter.State);
        Assert.IsType<InvalidCommitmentSignatureException>(machines.Meter.Last<ChannelAction.ChannelFailed>().Reason);
        Assert.Empty(machines.Meter.Broadcast);

        // The wallet gets its coins back: the funding was never broadcast.
        Assert.Equal(machines.FundingTransaction ?? OpeningSide.Funding(create.FundingScriptPubKey, create.Amount), machines.Meter.Last<ChannelAction.ReleaseFundingTransaction>().FundingTransaction);
        Assert.Null(machines.Meter.Stored);
    }

    [Fact]
    public void Messages_out_of_phase_and_commands_before_the_channel_is_open_are_refused_without_change()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        var before = machines.Meter.State;

        var step = machines.Meter.Input(new ChannelInput.PeerMessage(new FundingSigned(before.ChannelId, new CompactSignature(new byte[64]))));
        Assert.Equal(before, step.State);
        Assert.IsType<UnexpectedMessageException>(Assert.IsType<ChannelAction.MessageRejected>(Assert.Single(step.Actions)).Reason);

        var reading = new SignedMeterReading(new MeterReading(1, 1, 1), new CompactSignature(new byte[64]));
        step = machines.Meter.Input(new ChannelInput.SendTransfer(new MilliSatoshis(1_000), reading));
        Assert.Equal(before, step.State);
        Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));

        // A confirmation of some other transaction is refused too.
        var other = OpeningSide.Funding(machines.FundingTransaction!.Outputs[0].ScriptPubKey, new Satoshis(1));
        step = machines.Meter.Input(new ChannelInput.FundingConfirmed(other, 6));
        Assert.Equal(before, step.State);
        Assert.IsType<FundingTransactionMismatchException>(Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions)).Reason);
    }

    [Fact]
    public void A_peer_error_after_funding_fails_the_channel_broadcasting_the_funding_then_our_commitment_zero()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        var step = machines.Meter.Input(new ChannelInput.PeerMessage(new Error(machines.Meter.State.ChannelId, new ByteVector("bye"u8.ToArray()))));

        var closing = Assert.IsType<ChannelState.ForceClosing>(step.State);
        Assert.IsType<ChannelAction.PersistState>(step.Actions[0]);
        var broadcasts = step.Actions.OfType<ChannelAction.BroadcastTransaction>().Select(b => b.Transaction).ToList();
        Assert.Equal([machines.FundingTransaction!, closing.Commitment], broadcasts);
        Assert.Equal(0UL, closing.Commitments.LocalCommit.Index);
        Assert.Equal(new OutPoint(machines.FundingTransaction!.GetTxId(), 1), closing.Commitment.Inputs[0].PrevOut);
    }

    [Fact]
    public void A_reestablish_that_claims_updates_before_the_channel_opened_fails_it()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        machines.Provider!.Restart();
        machines.Provider.Input(new ChannelInput.Connected());
        var step = machines.Provider.Input(new ChannelInput.PeerMessage(new ChannelReestablish(machines.Provider.State.ChannelId, 2, 0, Secret.Zero, new Point(machines.Meter.Signer.GetPerCommitmentPoint(0).AsSpan()))));
        Assert.IsType<ChannelState.ForceClosing>(step.State);
        Assert.IsType<ReestablishMismatchException>(step.Actions.OfType<ChannelAction.ChannelFailed>().Single().Reason);
    }

    [Fact]
    public void Stored_opening_states_round_trip_and_unstored_ones_are_never_encoded()
    {
        using var machines = new OpeningMachines();
        machines.Connect();
        Assert.Throws<ArgumentException>(() => ChannelStateCodec.Encode(machines.Meter.State));

        machines.Pump();
        machines.Confirm(machines.Meter, 3);
        foreach (var stored in new[] { machines.Provider!.Stored!, machines.Meter.Stored! })
        {
            var bytes = ChannelStateCodec.Encode(stored);
            Assert.Equal(bytes, ChannelStateCodec.Encode(ChannelStateCodec.Decode(bytes)));
        }

        var ready = Assert.IsType<ChannelState.Opening>(machines.Meter.Stored);
        Assert.IsType<AwaitingChannelReady>(ready.Phase);
        var decoded = Assert.IsType<ChannelState.Opening>(ChannelStateCodec.Decode(ChannelStateCodec.Encode(ready)));
        Assert.Equal(((AwaitingChannelReady)ready.Phase).Terms, ((AwaitingChannelReady)decoded.Phase).Terms);
        Assert.Equal(ConnectionPhase.Disconnected, decoded.Connection);
    }

    [Fact]
    public void The_peer_closing_with_its_commitment_zero_before_channel_ready_is_resolved_on_chain()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        machines.Confirm(machines.Meter, 3);

        // The provider gives up and broadcasts its commitment 0 (BOLT 5 "Failing a Channel").
        var closing = Assert.IsType<ChannelState.ForceClosing>(machines.Provider!.Input(new ChannelInput.ForceClose("test")).State);
        var step = machines.Meter.Input(new ChannelInput.FundingSpent(closing.Commitment));

        var onChain = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(Microchannels.Channels.Engine.OnChain.FundingSpendKind.RemoteCommitment, onChain.Close.Kind);
        var ours = Bitcoin.Scripts.StandardScripts.PayToWitnessPubKeyHashFromPublicKey(machines.Meter.Signer.Basepoints.PaymentBasepoint.AsSpan());
        Assert.Equal(closing.Commitment.Outputs.Single(o => o.ScriptPubKey == ours).Value, onChain.Close.OurAmount);
        Assert.IsType<ChannelAction.PersistState>(step.Actions[0]);
    }

    [Fact]
    public void An_accepter_forgets_a_channel_whose_funding_does_not_confirm_within_2016_blocks()
    {
        using var machines = new OpeningMachines();
        machines.Fund();
        var provider = machines.Provider!;

        // The first block seen while waiting is stored, so a restart keeps counting from it.
        var step = provider.Input(new ChannelInput.BlockConnected(500));
        Assert.Equal(500u, Assert.IsType<ChannelState.Opening>(Assert.IsType<ChannelAction.PersistState>(Assert.Single(step.Actions)).State).WaitingSinceHeight);
        provider.Restart();
        Assert.Equal(500u, Assert.IsType<ChannelState.Opening>(provider.State).WaitingSinceHeight);

        step = provider.Input(new ChannelInput.BlockConnected(500 + 2015));
        Assert.Empty(step.Actions);
        Assert.IsType<ChannelState.Opening>(step.State);

        // Had the funding been seen below minimum depth, the wait would start again.
        var seen = ChannelStateMachine.Process(provider.State, new ChannelInput.FundingConfirmed(machines.FundingTransaction!, 1), provider.Signer);
        Assert.Null(Assert.IsType<ChannelState.Opening>(seen.State).WaitingSinceHeight);
        Assert.IsType<ChannelState.Opening>(ChannelStateMachine.Process(seen.State, new ChannelInput.BlockConnected(500 + 2016), provider.Signer).State);

        step = provider.Input(new ChannelInput.BlockConnected(500 + 2016));
        Assert.IsType<ChannelState.OpeningAborted>(step.State);
        Assert.Equal(provider.Stored!.ChannelId, Assert.IsType<ChannelAction.ForgetChannel>(step.Actions[0]).ChannelId);
        Assert.IsType<FundingTimeoutException>(Assert.IsType<ChannelAction.ChannelFailed>(step.Actions[1]).Reason);

        // The funder never forgets: its money is in the funding.
        var meterStep = machines.Meter.Input(new ChannelInput.BlockConnected(500 + 5000));
        Assert.Empty(meterStep.Actions);
        Assert.IsType<ChannelState.Opening>(meterStep.State);
    }

    [Fact]
    public void A_wallet_answer_that_arrives_after_the_opening_was_abandoned_releases_its_coins()
    {
        using var machines = new OpeningMachines();
        machines.Connect();
        machines.Meter.Input(new ChannelInput.PeerMessage(machines.Provider!.Outbox.Dequeue()));
        var create = machines.Meter.Last<ChannelAction.CreateFundingTransaction>();

        // The connection drops while the wallet works.
        machines.Meter.Input(new ChannelInput.Disconnected());
        Assert.IsType<ChannelState.OpeningAborted>(machines.Meter.State);
        var late = OpeningSide.Funding(create.FundingScriptPubKey, create.Amount);
        var step = machines.Meter.Input(new ChannelInput.FundingTransactionCreated(late));

        Assert.Equal(late, Assert.IsType<ChannelAction.ReleaseFundingTransaction>(Assert.Single(step.Actions)).FundingTransaction);
        Assert.Empty(machines.Meter.Broadcast);
    }
}
