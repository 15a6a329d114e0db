using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// BOLT 5 "Unilateral Close Handling: Remote Commitment Transaction": with
/// <c>option_static_remotekey</c> our <c>to_remote</c> is a P2WPKH to our
/// <c>payment_basepoint</c>, ours as soon as it confirms. Nothing is broadcast.
/// </summary>
public class RemoteCommitmentTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_peers_latest_commitment_pays_us_our_balance_to_the_satoshi(bool weAreMeter)
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, weAreMeter);
        var commitment = side.PeerCommitment();

        var step = side.Spend(commitment);

        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.RemoteCommitment, closing.Close.Kind);
        AssertPaysOurBalance(side, commitment, side.Us.RemoteCommit.Spec, closing, step);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_peers_pending_commitment_is_recognised_and_pays_our_new_balance(bool weAreMeter)
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, weAreMeter);

        // We pay and sign; the peer takes our commitment_signed but its revoke_and_ack is lost.
        if (weAreMeter)
        {
            pair.MeterPays(9_000_000);
            Assert.True(pair.MeterSigns());
            pair.DeliverToProvider(); // update_transfer
            pair.DeliverToProvider(); // commitment_signed
        }
        else
        {
            pair.ProviderRefunds(9_000_000);
            Assert.True(pair.ProviderSigns());
            pair.DeliverToMeter();
            pair.DeliverToMeter();
        }

        var pending = side.Us.NextRemoteCommit!.Commit;
        var current = side.Us.RemoteCommit;
        var pendingTx = side.PeerCommitment();
        Assert.Equal(pending.TxId, pendingTx.GetTxId());

        var step = side.Spend(pendingTx);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.PendingRemoteCommitment, closing.Close.Kind);
        AssertPaysOurBalance(side, pendingTx, pending.Spec, closing, step);

        // Its predecessor is still the current one for us (the revocation never arrived).
        Assert.NotEqual(current.TxId, pending.TxId);
        var currentStep = side.Spend(Assert.IsType<ChannelState.ClosingOnChain>(step.State), SignedRemote(side, current));
        Assert.Equal(FundingSpendKind.RemoteCommitment, Assert.IsType<ChannelState.ClosingOnChain>(currentStep.State).Close.Kind);
    }

    [Fact]
    public void After_data_loss_a_newer_peer_commitment_still_pays_us_our_balance()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var lost = new ChannelState.WaitingForRemoteClose(side.Us); // what a stale backup holds
        pair.MeterPays(9_000_000);
        pair.ProviderRefunds(2_000_000);
        pair.Settle();
        var newer = side.PeerCommitment();

        var step = side.Spend(lost, newer);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(step.State);
        Assert.Equal(FundingSpendKind.FutureRemoteCommitment, closing.Close.Kind);
        AssertPaysOurBalance(side, newer, side.Us.RemoteCommit.Spec, closing, step);
    }

    [Fact]
    public void The_channel_closes_once_the_remote_commitment_is_100_deep()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: false);
        var commitment = side.PeerCommitment();
        var state = side.Spend(commitment).State;

        Assert.IsType<ChannelState.ClosingOnChain>(side.Confirm(state, commitment, 99).State);
        var step = side.Confirm(state, commitment, 100);
        Assert.IsType<ChannelState.Closed>(step.State);
        Assert.Equal(((ChannelState.ClosingOnChain)state).Close.OurAmount, Assert.Single(step.Actions.OfType<ChannelAction.ClosureResolved>()).OurAmount);
    }

    /// <summary>
    /// BOLT 3 "Commitment Transaction Construction": our balance (the peer's to_remote)
    /// rounded down to satoshis, less the commitment fee (weight 724, no HTLCs) when we
    /// are the opener.
    /// </summary>
    private static void AssertPaysOurBalance(OnChainSide side, Transaction commitment, CommitmentSpec peerSpec, ChannelState.ClosingOnChain closing, ChannelStep step)
    {
        long fee = side.Us.Parameters.LocalIsOpener ? peerSpec.Feerate.FeeForWeight(724).Value : 0;
        long expected = ((long)peerSpec.ToRemote.Value - (fee * 1000)) / 1000;
        var ours = StandardScripts.PayToWitnessPubKeyHashFromPublicKey(side.OurSigner.Basepoints.PaymentBasepoint.AsSpan());
        int index = commitment.Outputs.ToList().FindIndex(o => o.ScriptPubKey == ours);
        Assert.Equal(new ResolvedOutput(new OutPoint(commitment.GetTxId(), (uint)index), new Satoshis(expected)), Assert.Single(closing.Close.OurOutputs));
        Assert.Null(closing.Close.Claim);
        Assert.Empty(ClaimAssert.Broadcasts(step));
        Assert.Same(closing, Assert.IsType<ChannelAction.PersistState>(step.Actions[0]).State);
        var closed = Assert.Single(step.Actions.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal(new Satoshis(expected), closed.OurAmount);
        Assert.Equal(new[] { commitment.GetTxId() }, closed.TxIds);
    }

    /// <summary>The peer's commitment <paramref name="commit"/> as the peer would sign it.</summary>
    private static Transaction SignedRemote(OnChainSide side, RemoteCommit commit)
    {
        var keys = CommitmentKeys.Derive(side.Us.Parameters.Remote.Basepoints, side.Us.Parameters.Local.Basepoints, commit.PerCommitmentPoint);
        var built = CommitmentTransaction.Build(side.Us.Parameters.RemoteCommitmentParameters, keys, commit.Index, commit.Spec);
        Assert.Equal(commit.TxId, built.Transaction.GetTxId());
        return built.Transaction; // the txid does not depend on the witness
    }
}
