using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>BOLT 5 "Revoked Transaction Close Handling": the penalty goes out at once.</summary>
public class RevokedCommitmentTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_revoked_peer_commitment_is_punished_at_once(bool weAreMeter)
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, weAreMeter);

        // Captured fully signed by the peer while current, then revoked by more transfers.
        var revoked = side.PeerCommitment();
        ulong revokedNumber = side.Peer.LocalCommit.Index;
        pair.MeterPays(7_000_000);
        pair.ProviderRefunds(1_000_000);
        pair.Settle();
        Assert.True(side.Us.RemoteCommit.Index > revokedNumber);

        var step = side.Spend(revoked);

        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, closing.Close.Kind);
        ClaimAssert.StoredBeforeEveryBroadcast(step);
        var penalty = Assert.Single(ClaimAssert.Broadcasts(step));
        Assert.Equal(closing.Close.Claim, penalty);

        // Every P2WSH output of the revoked commitment (its to_local; there are no HTLCs) is spent.
        var revokedOutputs = revoked.Outputs.Select((o, i) => (o, i)).Where(x => StandardScripts.IsPayToWitnessScriptHash(x.o.ScriptPubKey)).Select(x => (uint)x.i).ToHashSet();
        Assert.NotEmpty(revokedOutputs);
        Assert.True(revokedOutputs.SetEquals(penalty.Inputs.Select(i => i.PrevOut.Index)));
        Assert.Equal(penalty.Inputs.Length, revokedOutputs.Count);

        // Signed with the revocation key for the peer's point at that number (derived here
        // from the peer's signer, not from the secret the engine stored), revocation branch.
        var revocationKey = KeyDerivation.DeriveRevocationPublicKey(side.OurSigner.Basepoints.RevocationBasepoint, side.PeerSigner.GetPerCommitmentPoint(revokedNumber));
        var valueIn = ClaimAssert.SignedBy(penalty, revoked, revocationKey);
        Assert.All(penalty.Inputs, i => Assert.Equal(new byte[] { 1 }, i.Witness[1].ToArray()));

        // Weight: within the engine's estimate, and within BOLT 5's 53 * 4 + 2 + 324 per to_local input.
        var feerate = side.Us.LocalCommit.Spec.Feerate;
        var destination = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(side.OurSigner.Basepoints.PaymentBasepoint.AsSpan());
        var rebuilt = PenaltyTransaction.Build(
            [.. penalty.Inputs.Select(i => new ClaimInput(i.PrevOut, revoked.Outputs[(int)i.PrevOut.Index].Value, new Script(i.Witness[^1].Span), ClaimedOutputKind.ToLocal))],
            revocationKey, destination, feerate, side.Us.Parameters.Local.DustLimit).Claim!;
        Assert.True(penalty.Weight <= (53 * 4) + 2 + (324 * penalty.Inputs.Length));
        ClaimAssert.PaysAllBut(penalty, valueIn, destination, feerate, rebuilt.ExpectedWeight);
        Assert.Equal(0xFFFFFFFDu, penalty.Inputs[0].Sequence);

        // Our to_remote in the revoked commitment is ours already, plus the penalty's output.
        var toRemote = revoked.Outputs.Select((o, i) => (o, i)).Single(x => x.o.ScriptPubKey == destination);
        Assert.Equal(
            new[] { new ResolvedOutput(new OutPoint(revoked.GetTxId(), (uint)toRemote.i), toRemote.o.Value), new ResolvedOutput(new OutPoint(penalty.GetTxId(), 0), penalty.Outputs[0].Value) },
            closing.Close.OurOutputs);
        var closed = Assert.Single(step.Actions.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal(toRemote.o.Value + penalty.Outputs[0].Value, closed.OurAmount);
        Assert.Equal(new[] { revoked.GetTxId(), penalty.GetTxId() }, closed.TxIds);
    }

    [Fact]
    public void The_penalty_is_rebroadcast_until_it_confirms_then_the_channel_closes_once_both_are_buried()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var revoked = side.PeerCommitment();
        pair.MeterPays(7_000_000);
        pair.Settle();
        var state = side.Spend(revoked).State;
        var penalty = ((ChannelState.ClosingOnChain)state).Close.Claim!;

        // The revoked commitment confirms; the penalty is not mined yet: broadcast again, after a store.
        var step = side.Confirm(state, revoked, 1);
        ClaimAssert.StoredBeforeEveryBroadcast(step);
        Assert.Equal(penalty, Assert.Single(ClaimAssert.Broadcasts(step)));

        step = side.Confirm(step.State, penalty, 1);
        Assert.Empty(ClaimAssert.Broadcasts(step));
        step = side.Confirm(step.State, revoked, 100);
        Assert.Empty(ClaimAssert.Broadcasts(step));
        Assert.IsType<ChannelState.ClosingOnChain>(step.State);

        // BOLT 5 "irrevocably resolved": 100 deep. One block short changes nothing terminal.
        step = side.Confirm(step.State, penalty, 99);
        Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        step = side.Confirm(step.State, penalty, 100);
        var closed = Assert.IsType<ChannelState.Closed>(step.State);
        Assert.IsType<ChannelAction.PersistState>(step.Actions[0]);
        var resolved = Assert.Single(step.Actions.OfType<ChannelAction.ClosureResolved>());
        Assert.Equal(closed.Close.OurAmount, resolved.OurAmount);

        // Terminal: nothing moves it any more.
        Assert.Same(closed, side.Spend(closed, revoked).State);
        Assert.Same(closed, side.Confirm(closed, penalty, 200).State);
    }

    [Fact]
    public void A_revoked_commitment_without_the_cheaters_output_leaves_only_our_to_remote()
    {
        // The provider starts with nothing: its first commitments have no to_local.
        using var pair = new ChannelPair();
        var side = new OnChainSide(pair, IsMeter: true);
        var revoked = side.PeerCommitment();
        pair.MeterPays(50_000_000);
        pair.Settle();

        var step = side.Spend(revoked);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, closing.Close.Kind);
        Assert.Null(closing.Close.Claim);
        Assert.Empty(ClaimAssert.Broadcasts(step));
        var output = Assert.Single(closing.Close.OurOutputs);
        Assert.Equal(Assert.Single(revoked.Outputs).Value, output.Amount);
    }
}
