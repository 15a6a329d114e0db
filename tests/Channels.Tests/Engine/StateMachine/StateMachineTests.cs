using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.Errors;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Wire;

namespace Microchannels.Channels.Tests.Engine.StateMachine;

public class StateMachineTests
{
    [Fact]
    public void Streams_both_ways_through_the_machine_with_persist_before_every_dependent_send()
    {
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        for (int i = 0; i < 500; i++)
        {
            pair.MeterPays(1_000 + (ulong)i);
            if (i % 3 == 0)
            {
                pair.ProviderRefunds(500);
            }

            if (i % 7 == 0)
            {
                pair.Pump();
            }
        }

        pair.Pump();
        AssertConverged(pair);
        Assert.Equal(500, pair.Meter.CompletedSent.Count);
        Assert.Equal(167, pair.Provider.CompletedSent.Count);
    }

    [Fact]
    public void Commitment_and_revocation_are_never_sent_before_the_state_that_covers_them_is_stored()
    {
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        pair.MeterPays(5_000);
        pair.Pump();

        // Inspect the raw steps: every commitment_signed and revoke_and_ack is preceded,
        // within its step, by a PersistState holding the state it depends on.
        var meter = (ChannelState.Normal)pair.Meter.State;
        var step = ChannelStateMachine.Process(meter, new ChannelInput.SendTransfer(new MilliSatoshis(1), ReadingAfter(pair)), pair.Meter.Signer);
        AssertPersistBeforeDependentSends(step);
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_at_any_action_of_the_exchange_loses_and_doubles_nothing(bool crashMeter, int crashAfterActions)
    {
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        var victim = crashMeter ? pair.Meter : pair.Provider;
        victim.CrashAfter = victim.ActionsExecuted + crashAfterActions;

        RunExchange(pair);
        if (victim.Crashed)
        {
            pair.RecoverFromCrash(victim);
            pair.Pump();
        }

        var failure = pair.Meter.Notifications.Concat(pair.Provider.Notifications).OfType<ChannelAction.ChannelFailed>().FirstOrDefault();
        Assert.True(failure is null, failure?.Reason.ToString());
        AssertConverged(pair);

        // Nothing ever revoked is signed for broadcast again.
        foreach (var side in new[] { pair.Meter, pair.Provider })
        {
            if (side.Commitments.LocalCommit.Index > 0)
            {
                var old = side.Commitments with { LocalCommit = side.Commitments.LocalCommit with { Index = side.Commitments.LocalCommit.Index - 1 } };
                Assert.Throws<Microchannels.Channels.Signing.SignerRefusedException>(() => old.SignedLocalCommitment(side.Signer));
            }
        }
    }

    public static TheoryData<bool, int> CrashPoints()
    {
        // Count each side's actions in a clean run of the exchange, then crash at every one.
        using var clean = new MachinePair();
        clean.Connect();
        clean.Pump();
        int meterStart = clean.Meter.ActionsExecuted, providerStart = clean.Provider.ActionsExecuted;
        RunExchange(clean);
        var data = new TheoryData<bool, int>();
        for (int k = 0; k <= clean.Meter.ActionsExecuted - meterStart; k++)
        {
            data.Add(true, k);
        }

        for (int k = 0; k <= clean.Provider.ActionsExecuted - providerStart; k++)
        {
            data.Add(false, k);
        }

        return data;
    }

    [Fact]
    public void A_message_in_the_wrong_phase_is_rejected_and_changes_nothing()
    {
        using var pair = new MachinePair();
        var before = pair.Provider.State;

        // Disconnected: an update is refused.
        var transfer = new UpdateTransfer(before.ChannelId, 0, new MilliSatoshis(1_000), ReadingAfter(pair));
        var step = ChannelStateMachine.Process(before, new ChannelInput.PeerMessage(transfer), pair.Provider.Signer);
        Assert.Same(before, step.State);
        Assert.IsType<UnexpectedMessageException>(Assert.IsType<ChannelAction.MessageRejected>(Assert.Single(step.Actions)).Reason);

        // Awaiting channel_reestablish: likewise.
        pair.Provider.Input(new ChannelInput.Connected());
        var awaiting = pair.Provider.State;
        step = ChannelStateMachine.Process(awaiting, new ChannelInput.PeerMessage(transfer), pair.Provider.Signer);
        Assert.Same(awaiting, step.State);
        Assert.IsType<ChannelAction.MessageRejected>(Assert.Single(step.Actions));
    }

    [Fact]
    public void A_peer_breaking_a_rule_gets_an_error_and_we_broadcast_our_latest_commitment()
    {
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        var provider = pair.Provider.State;
        var forged = new UpdateTransfer(provider.ChannelId, 0, new MilliSatoshis(MilliSatoshis.MaxMoney + 1), ReadingAfter(pair));
        var step = ChannelStateMachine.Process(provider, new ChannelInput.PeerMessage(forged), pair.Provider.Signer);

        var closing = Assert.IsType<ChannelState.ForceClosing>(step.State);
        Assert.IsType<ChannelAction.PersistState>(step.Actions[0]);
        Assert.IsType<Error>(Assert.IsType<ChannelAction.SendMessage>(step.Actions[1]).Message);
        Assert.Equal(closing.Commitment, Assert.IsType<ChannelAction.BroadcastTransaction>(step.Actions[2]).Transaction);
        Assert.IsType<InvalidTransferAmountException>(Assert.IsType<ChannelAction.ChannelFailed>(step.Actions[3]).Reason);

        // The broadcast commitment is fully signed: both funding signatures verify.
        var tx = closing.Commitment;
        Assert.Equal(4, tx.Inputs[0].Witness.Count);
    }

    [Fact]
    public void An_error_naming_another_channel_is_ignored_and_an_all_zero_one_fails_ours()
    {
        // BOLT 1: "if no existing channel is referred to by channel_id: MUST ignore the message";
        // an all-zero channel_id refers to all channels.
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        var meter = pair.Meter.State;
        var other = new Error(new ChannelId(Microchannels.Bitcoin.Crypto.Hashes.Sha256("another channel"u8)), new ByteVector("no"u8.ToArray()));
        var step = ChannelStateMachine.Process(meter, new ChannelInput.PeerMessage(other), pair.Meter.Signer);
        Assert.Same(meter, step.State);
        Assert.Empty(step.Actions);

        step = ChannelStateMachine.Process(meter, new ChannelInput.PeerMessage(new Error(ChannelId.All, new ByteVector("all"u8.ToArray()))), pair.Meter.Signer);
        Assert.IsType<ChannelState.ForceClosing>(step.State);
    }

    [Fact]
    public void A_closing_transaction_is_broadcast_again_at_each_new_funding_depth_until_the_funding_is_spent()
    {
        // A crash between storing ForceClosing and broadcasting must not leave the commitment unsent.
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        var closing = Assert.IsType<ChannelState.ForceClosing>(ChannelStateMachine.Process(pair.Meter.State, new ChannelInput.ForceClose("test"), pair.Meter.Signer).State);
        var restarted = Microchannels.Channels.Node.ChannelStateCodec.Decode(Microchannels.Channels.Node.ChannelStateCodec.Encode(closing));
        var fundingTx = new Microchannels.Bitcoin.Transactions.Transaction(2, [], [], 0);

        var step = ChannelStateMachine.Process(restarted, new ChannelInput.FundingConfirmed(fundingTx, 10), pair.Meter.Signer);
        Assert.Same(restarted, step.State);
        Assert.Equal(closing.Commitment, Assert.IsType<ChannelAction.BroadcastTransaction>(Assert.Single(step.Actions)).Transaction);
    }

    [Fact]
    public void A_refused_local_command_is_reported_and_never_fails_the_channel()
    {
        using var pair = new MachinePair();
        pair.Connect();
        pair.Pump();
        pair.MeterPays(1_000);
        pair.Pump();
        var meter = (ChannelState.Normal)pair.Meter.State;
        var stale = meter.Commitments.LastLocalReading!.Value;
        var reading = pair.Sign(stale);

        foreach (var command in new ChannelInput[]
        {
            new ChannelInput.SendTransfer(new MilliSatoshis(1_000), reading),            // reading not newer
            new ChannelInput.SendTransfer(new MilliSatoshis(MilliSatoshis.MaxMoney), ReadingAfter(pair)), // over balance
            new ChannelInput.UpdateFee(new Microchannels.Bitcoin.FeeratePerKw(100)),        // below relay floor
        })
        {
            var step = ChannelStateMachine.Process(meter, command, pair.Meter.Signer);
            Assert.Same(meter, step.State);
            var rejected = Assert.IsType<ChannelAction.CommandRejected>(Assert.Single(step.Actions));
            Assert.False(rejected.Reason.FailsChannel);
        }
    }

    [Fact]
    public void Transfers_requested_while_disconnected_are_sent_after_reestablish()
    {
        using var pair = new MachinePair();
        pair.MeterPays(2_000);
        pair.MeterPays(3_000);
        pair.Pump();
        Assert.Empty(pair.Meter.CompletedSent);
        pair.Connect();
        pair.Pump();
        AssertConverged(pair);
        Assert.Equal(2, pair.Meter.CompletedSent.Count);
    }

    internal static void RunExchange(MachinePair pair)
    {
        pair.MeterPays(10_000);
        pair.MeterPays(20_000);
        pair.ProviderRefunds(3_000);
        pair.Pump();
        pair.MeterPays(40_000);
        pair.Pump();
    }

    /// <summary>A validly signed reading far ahead of any the exchange produces.</summary>
    private static SignedMeterReading ReadingAfter(MachinePair pair) => pair.Sign(new MeterReading(1_000_000, 10_000_000, 2_000_000_000));

    private static void AssertConverged(MachinePair pair)
    {
        var meter = Assert.IsType<ChannelState.Normal>(pair.Meter.State);
        var provider = Assert.IsType<ChannelState.Normal>(pair.Provider.State);
        Assert.Equal(ConnectionPhase.Connected, meter.Connection);
        Assert.False(meter.Commitments.AwaitingRevocation);
        Assert.False(provider.Commitments.AwaitingRevocation);
        Assert.Equal(meter.Commitments.LocalCommit.Spec, provider.Commitments.RemoteCommit.Spec);
        Assert.Equal(provider.Commitments.LocalCommit.Spec, meter.Commitments.RemoteCommit.Spec);
        Assert.Equal(new MilliSatoshis(pair.ExpectedMeterMsat), meter.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(new MilliSatoshis(pair.ExpectedMeterMsat), provider.Commitments.LocalCommit.Spec.ToRemote);

        // What is stored is what is running: a restart now would lose nothing.
        Assert.Equal(meter.Commitments.LocalCommit, ((ChannelState.Normal)pair.Meter.Persisted).Commitments.LocalCommit);
        Assert.Equal(provider.Commitments.LocalCommit, ((ChannelState.Normal)pair.Provider.Persisted).Commitments.LocalCommit);
    }

    private static void AssertPersistBeforeDependentSends(ChannelStep step)
    {
        bool persisted = false;
        foreach (var action in step.Actions)
        {
            persisted |= action is ChannelAction.PersistState;
            if (action is ChannelAction.SendMessage { Message: CommitmentSigned or RevokeAndAck })
            {
                Assert.True(persisted, "commitment_signed/revoke_and_ack queued before its state was persisted");
            }
        }

        Assert.Contains(step.Actions, a => a is ChannelAction.SendMessage { Message: CommitmentSigned });
    }
}
