using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Keys;
using Microchannels.Channels.Node;

namespace Microchannels.Channels.Tests.Engine.OnChain;

/// <summary>
/// Issue 14 item 1 in the engine: a claim is priced from the host's estimate, not the
/// commitment's feerate, and re-signed at a higher fee at each block until it confirms
/// (BOLT 5, BIP 125). Each version is stored before it is broadcast, is a valid replacement of
/// the one before, and survives a restart.
/// </summary>
public class ClaimBumpTests
{
    private static readonly ClaimPricing Low = new(FeeratePerKw.MinimumRelay, new FeeratePerKw(10_000), new FeeratePerKw(253));

    [Fact]
    public void The_penalty_is_priced_from_the_estimate_not_from_the_commitment_feerate()
    {
        using var pair = OnChainScenario.Streamed();
        var (side, revoked) = Breach(pair);
        Assert.NotEqual(new FeeratePerKw(7_500), side.Us.LocalCommit.Spec.Feerate);

        var step = ChannelStateMachine.Process(side.Normal(), new ChannelInput.FundingSpent(revoked, new ClaimPricing(new FeeratePerKw(7_500), new FeeratePerKw(10_000), new FeeratePerKw(253))), side.OurSigner);

        var close = Assert.IsType<ChannelState.ClosingOnChain>(step.State).Close;
        var fees = close.Fees!;
        Assert.Equal(new FeeratePerKw(7_500), fees.Feerate);
        Assert.Equal(new FeeratePerKw(7_500).FeeForWeight(fees.Weight), fees.Fee);
        Assert.Equal((1u, 144u), (fees.StartDepth, fees.DeadlineDepth));
        Assert.Equal(fees.Fee, close.Claimed - close.Claim!.Outputs[0].Value);
    }

    [Fact]
    public void An_unconfirmed_penalty_is_re_signed_each_block_reaching_the_ceiling_by_half_the_delay()
    {
        using var pair = OnChainScenario.Streamed();
        var (side, revoked, number) = BreachAt(pair);
        var state = ChannelStateMachine.Process(side.Normal(), new ChannelInput.FundingSpent(revoked, Low), side.OurSigner).State;
        var first = ((ChannelState.ClosingOnChain)state).Close;
        var versions = new List<Transaction> { first.Claim! };
        var revocationKey = RevocationKey(side, number);
        uint ceilingDepth = ClaimFeeSchedule.CeilingDepth(1, 144);
        uint? reachedAt = null;

        for (uint depth = 1; depth < 144; depth++)
        {
            state = side.Confirm(state, revoked, depth).State;
            var step = ChannelStateMachine.Process(state, new ChannelInput.BlockConnected(1_000 + depth, Low), side.OurSigner);
            var before = ((ChannelState.ClosingOnChain)state).Close;
            state = step.State;
            var close = ((ChannelState.ClosingOnChain)state).Close;
            if (step.Actions.IsEmpty)
            {
                // Kept only while it already pays what the schedule asks (an earlier BIP 125 minimum may exceed it).
                var asked = ClaimFeeSchedule.Scheduled(Low.Estimate, Low.Ceiling, 1, 144, depth);
                Assert.True(before.Fees!.Feerate >= asked, $"no bump at depth {depth}: {before.Fees.Feerate} below the scheduled {asked}");
                continue;
            }

            // Stored, then broadcast, then announced with every version to watch.
            ClaimAssert.StoredBeforeEveryBroadcast(step);
            var penalty = Assert.Single(ClaimAssert.Broadcasts(step));
            Assert.Equal(close.Claim, penalty);
            var bumped = Assert.Single(step.Actions.OfType<ChannelAction.ClaimBumped>());
            Assert.Equal([revoked.GetTxId(), penalty.GetTxId(), .. versions.Select(v => v.GetTxId())], bumped.TxIds.ToArray());
            Assert.Equal(versions, close.Replaced.ToArray());

            // The same revoked outputs, signed with the revocation key; a BIP 125 replacement.
            Assert.Equal(first.Claim!.Inputs.Select(i => i.PrevOut), penalty.Inputs.Select(i => i.PrevOut));
            var valueIn = ClaimAssert.SignedBy(penalty, revoked, revocationKey);
            var fee = valueIn - penalty.Outputs[0].Value;
            var previousFee = valueIn - versions[^1].Outputs[0].Value;
            Assert.Equal(close.Fees!.Fee, fee);
            Assert.True(fee.Value >= previousFee.Value + ((close.Fees.Weight + 3) / 4), $"{fee} after {previousFee}: BIP 125 rules 3 and 4");
            Assert.True(close.Fees.Feerate > before.Fees!.Feerate);
            Assert.True(close.Fees.Feerate <= Low.Ceiling);
            Assert.Equal(new ResolvedOutput(new OutPoint(penalty.GetTxId(), 0), penalty.Outputs[0].Value), close.OurOutputs[^1]);
            versions.Add(penalty);
            if (close.Fees.Feerate == Low.Ceiling)
            {
                reachedAt ??= depth;
            }
        }

        var last = ((ChannelState.ClosingOnChain)state).Close;
        Assert.Equal(Low.Ceiling, last.Fees!.Feerate);
        Assert.True(versions.Count > 2);
        Assert.Equal(72u, ceilingDepth);
        Assert.Equal(ceilingDepth, reachedAt);
    }

    [Fact]
    public void A_restart_resumes_the_schedule_where_it_stood()
    {
        using var pair = OnChainScenario.Streamed();
        var (side, revoked) = Breach(pair);
        var state = ChannelStateMachine.Process(side.Normal(), new ChannelInput.FundingSpent(revoked, Low), side.OurSigner).State;
        for (uint depth = 1; depth <= 10; depth++)
        {
            state = Block(side, side.Confirm(state, revoked, depth).State, depth, Low);
        }

        var restarted = ChannelStateCodec.Decode(ChannelStateCodec.Encode(state));
        Assert.Equal(((ChannelState.ClosingOnChain)state).Close, ((ChannelState.ClosingOnChain)restarted).Close);

        // No estimator after the restart: the stored schedule goes on alone, as it would have.
        var goOn = state;
        for (uint depth = 11; depth <= 20; depth++)
        {
            goOn = Block(side, side.Confirm(goOn, revoked, depth).State, depth, null);
            restarted = Block(side, side.Confirm(restarted, revoked, depth).State, depth, null);
        }

        var expected = ((ChannelState.ClosingOnChain)goOn).Close;
        Assert.Equal(expected, ((ChannelState.ClosingOnChain)restarted).Close);
        Assert.True(expected.Fees!.Feerate > ((ChannelState.ClosingOnChain)state).Close.Fees!.Feerate);
    }

    [Fact]
    public void An_earlier_version_mined_instead_of_the_latest_becomes_the_claim()
    {
        using var pair = OnChainScenario.Streamed();
        var (side, revoked) = Breach(pair);
        var state = ChannelStateMachine.Process(side.Normal(), new ChannelInput.FundingSpent(revoked, Low), side.OurSigner).State;
        var original = ((ChannelState.ClosingOnChain)state).Close.Claim!;
        for (uint depth = 1; depth <= 4; depth++)
        {
            state = Block(side, side.Confirm(state, revoked, depth).State, depth, Low);
        }

        var latest = ((ChannelState.ClosingOnChain)state).Close;
        Assert.NotEqual(original, latest.Claim);

        var step = side.Confirm(state, original, 1);

        var close = Assert.IsType<ChannelState.ClosingOnChain>(step.State).Close;
        Assert.Equal(original, close.Claim);
        Assert.Equal(1u, close.ClaimDepth);
        Assert.Contains(latest.Claim!, close.Replaced);
        Assert.Equal(new ResolvedOutput(new OutPoint(original.GetTxId(), 0), original.Outputs[0].Value), close.OurOutputs[^1]);
        Assert.Equal(close.Claimed - original.Outputs[0].Value, close.Fees!.Fee);
        Assert.Equal(latest.Claimed, close.Claimed);

        // In a block: no more bumps.
        Assert.Empty(ChannelStateMachine.Process(step.State, new ChannelInput.BlockConnected(2_000, Low), side.OurSigner).Actions);
    }

    [Fact]
    public void Our_delayed_sweep_is_bumped_only_once_it_is_due()
    {
        using var pair = OnChainScenario.Streamed();
        var side = new OnChainSide(pair, IsMeter: true);
        var ours = side.OurCommitment();
        var state = ChannelStateMachine.Process(side.Normal(), new ChannelInput.FundingSpent(ours, Low), side.OurSigner).State;
        var close = ((ChannelState.ClosingOnChain)state).Close;
        Assert.Equal((144u, 144u + FundingSpendResolver.SweepWindow), (close.Fees!.StartDepth, close.Fees.DeadlineDepth));

        // Not due before to_self_delay: a higher estimate re-signs nothing.
        for (uint depth = 1; depth < 144; depth += 20)
        {
            state = side.Confirm(state, ours, depth).State;
            Assert.Empty(ChannelStateMachine.Process(state, new ChannelInput.BlockConnected(depth, new ClaimPricing(new FeeratePerKw(5_000), Low.Ceiling, Low.IncrementalRelay)), side.OurSigner).Actions);
        }

        state = side.Confirm(state, ours, 144).State;
        var step = ChannelStateMachine.Process(state, new ChannelInput.BlockConnected(144, new ClaimPricing(new FeeratePerKw(5_000), Low.Ceiling, Low.IncrementalRelay)), side.OurSigner);
        ClaimAssert.StoredBeforeEveryBroadcast(step);
        var sweep = Assert.Single(ClaimAssert.Broadcasts(step));
        Assert.Equal(new FeeratePerKw(5_000), ((ChannelState.ClosingOnChain)step.State).Close.Fees!.Feerate);
        Assert.Equal(side.Us.Parameters.Remote.ToSelfDelay, sweep.Inputs[0].Sequence);
        Assert.Equal(close.Claim!.Inputs[0].PrevOut, sweep.Inputs[0].PrevOut);
    }

    /// <summary>The provider's commitment, kept fully signed, then revoked by a payment: the meter is the victim.</summary>
    private static (OnChainSide Side, Transaction Revoked) Breach(ChannelPair pair) => BreachAt(pair) is var (side, revoked, _) ? (side, revoked) : default;

    private static (OnChainSide Side, Transaction Revoked, ulong Number) BreachAt(ChannelPair pair)
    {
        var side = new OnChainSide(pair, IsMeter: true);
        var revoked = side.PeerCommitment();
        ulong number = side.Peer.LocalCommit.Index;
        pair.MeterPays(7_000_000);
        pair.Settle();
        Assert.True(side.Peer.LocalCommit.Index > number);
        return (side, revoked, number);
    }

    private static Bitcoin.Crypto.PublicKey RevocationKey(OnChainSide side, ulong number) =>
        KeyDerivation.DeriveRevocationPublicKey(side.OurSigner.Basepoints.RevocationBasepoint, side.PeerSigner.GetPerCommitmentPoint(number));

    private static ChannelState Block(OnChainSide side, ChannelState state, uint height, ClaimPricing? pricing) =>
        ChannelStateMachine.Process(state, new ChannelInput.BlockConnected(height, pricing), side.OurSigner).State;
}
