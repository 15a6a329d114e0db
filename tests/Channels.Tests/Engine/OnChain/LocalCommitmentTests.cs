using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Node;
using Microchannels.Channels.Signing;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// BOLT 5 "Unilateral Close Handling: Local Commitment Transaction": the sweep of our
/// delayed <c>to_local</c> goes out once the commitment has <c>to_self_delay</c> confirmations.
/// </summary>
public class LocalCommitmentTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Our_commitment_is_swept_exactly_when_the_delay_has_passed(bool weAreMeter)
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, weAreMeter);
        var commitment = side.OurCommitment();
        ushort delay = side.Us.Parameters.Remote.ToSelfDelay;

        var step = side.Spend(commitment);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.LocalCommitment, closing.Close.Kind);
        Assert.IsType<ChannelAction.PersistState>(step.Actions[0]);
        Assert.Empty(ClaimAssert.Broadcasts(step));
        var sweep = closing.Close.Claim!;
        Assert.Equal(new[] { commitment.GetTxId(), sweep.GetTxId() }, Assert.Single(step.Actions.OfType<ChannelAction.ClosedOnChain>()).TxIds);

        // BIP 68: refused as non-final one block early.
        step = side.Confirm(step.State, commitment, (uint)delay - 1);
        Assert.Empty(ClaimAssert.Broadcasts(step));

        step = side.Confirm(step.State, commitment, delay);
        ClaimAssert.StoredBeforeEveryBroadcast(step);
        Assert.Equal(sweep, Assert.Single(ClaimAssert.Broadcasts(step)));

        // The sweep: version 2 (BIP 68), nSequence = to_self_delay, the delayed key's signature
        // in the to_local script's delay branch, to P2WPKH of our payment_basepoint.
        Assert.Equal(2, sweep.Version);
        var input = Assert.Single(sweep.Inputs);
        Assert.Equal((uint)delay, input.Sequence);
        Assert.Empty(input.Witness[1].ToArray());
        var delayedKey = KeyDerivation.DerivePublicKey(side.OurSigner.Basepoints.DelayedPaymentBasepoint, side.OurSigner.GetPerCommitmentPoint(side.Us.LocalCommit.Index));
        var valueIn = ClaimAssert.SignedBy(sweep, commitment, delayedKey);
        var destination = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(side.OurSigner.Basepoints.PaymentBasepoint.AsSpan());
        var feerate = side.Us.LocalCommit.Spec.Feerate;
        var estimate = DelayedOutputSweep.Build(side.Us.BuildLocalCommitment(side.OurSigner.GetPerCommitmentPoint(side.Us.LocalCommit.Index)), destination, feerate, side.Us.Parameters.Local.DustLimit).Claim!.ExpectedWeight;
        ClaimAssert.PaysAllBut(sweep, valueIn, destination, feerate, estimate);
        Assert.Equal(new ResolvedOutput(new OutPoint(sweep.GetTxId(), 0), sweep.Outputs[0].Value), Assert.Single(closing.Close.OurOutputs));

        // Once the sweep is mined it is not broadcast again.
        step = side.Confirm(step.State, sweep, 1);
        step = side.Confirm(step.State, commitment, (uint)delay + 1);
        Assert.Empty(ClaimAssert.Broadcasts(step));
    }

    [Fact]
    public void A_restart_between_the_spend_and_the_delay_still_sweeps()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var commitment = side.OurCommitment();
        var before = side.Confirm(side.Spend(commitment).State, commitment, 10).State;

        // The store's bytes, and a signer rebuilt from the seed with its tripwire set.
        var restored = ChannelStateCodec.Decode(ChannelStateCodec.Encode(before));
        Assert.Equal(ChannelStateCodec.Encode(before), ChannelStateCodec.Encode(restored));
        using var signer = new InMemoryChannelSigner(ChannelSecrets.FromSeed(Enumerable.Repeat((byte)0x42, 32).ToArray()), side.Us.LocalCommit.Index - 1);
        var step = ChannelStateMachine.Process(restored, new ChannelInput.TransactionConfirmed(commitment.GetTxId(), side.Us.Parameters.Remote.ToSelfDelay), signer);

        ClaimAssert.StoredBeforeEveryBroadcast(step);
        Assert.Equal(((ChannelState.ClosingOnChain)before).Close.Claim, Assert.Single(ClaimAssert.Broadcasts(step)));
    }

    [Fact]
    public void Without_a_to_local_there_is_nothing_to_sweep()
    {
        // The provider has no balance yet: its commitment pays only the meter.
        using var pair = new ChannelPair();
        var side = new OnChainSide(pair, IsMeter: false);
        var commitment = side.OurCommitment();

        var step = side.Spend(commitment);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.LocalCommitment, closing.Close.Kind);
        Assert.Null(closing.Close.Claim);
        Assert.Empty(closing.Close.OurOutputs);
        Assert.Empty(ClaimAssert.Broadcasts(side.Confirm(step.State, commitment, 500)));
        Assert.IsType<ChannelState.Closed>(side.Confirm(step.State, commitment, 100).State);
    }

    [Fact]
    public void A_force_close_followed_by_its_commitment_on_chain_sweeps_after_the_delay()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var forced = ChannelStateMachine.Process(side.Normal(), new ChannelInput.ForceClose("test"), side.OurSigner);
        var forceClosing = Assert.IsType<ChannelState.ForceClosing>(forced.State);
        var commitment = Assert.Single(ClaimAssert.Broadcasts(forced));

        var step = side.Spend(forceClosing, commitment);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.LocalCommitment, closing.Close.Kind);
        Assert.NotNull(closing.Close.Claim);
        Assert.Single(ClaimAssert.Broadcasts(side.Confirm(step.State, commitment, 144)));
    }
}
