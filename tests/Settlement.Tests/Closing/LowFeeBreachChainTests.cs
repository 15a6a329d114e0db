using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;
using Microchannels.Settlement.Fees;
using Microchannels.EmbeddedChain.Validation;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// Issue #14 item 1 ("a cheater must not be able to price our penalty out of the chain"): a
/// node whose minimum relay fee is raised above 253 sat/kw refuses a commitment the meter
/// lowered to 253 sat/kw with update_fee, yet a miner can still confirm it (generateblock) and
/// the provider's monitor sees it. The provider's penalty is priced from its fee estimator and
/// re-signed at a higher fee each block (BIP 125) until a block takes it, before the meter's
/// to_self_delay runs out.
/// </summary>
public sealed class LowFeeBreachChainTests(ITestOutputHelper output)
{
    /// <summary>-minrelaytxfee 0.00002 BTC/kvB: 2 sat/vB, i.e. 500 sat/kw, twice the 253 sat/kw floor.</summary>
    private static readonly RelayPolicy RaisedRelay = new() { MinRelayFeeRate = 2_000, IncrementalRelayFeeRate = 2_000 };

    private static readonly FeeratePerKw Floor = new(253);

    /// <summary>
    /// The mempool wants more than the floor: relay at 500 sat/kw (2 sat/vB), replacements add
    /// 500 sat/kw, and blocks take nothing under 2,000 sat/kw (-blockmintxfee 8 sat/vB).
    /// </summary>
    private static readonly RelayPolicy Congested = new() { MinRelayFeeRate = 2_000, IncrementalRelayFeeRate = 2_000, BlockMinFeeRate = 8_000 };

    /// <summary>The provider operator's ceiling for claims.</summary>
    private static readonly FeeratePerKw Ceiling = new(10_000);

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_penalty_priced_out_at_253_sat_per_kw_is_bumped_until_it_confirms_before_to_self_delay(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "low-fee-breach-penalty", output, Congested);
        host.RefusalsAllowed = true;
        host.MeterPays(400_000_000);
        await host.PumpAsync();

        // The meter (the funder) lowers the commitment feerate to the floor, keeps that
        // commitment, then revokes it with the next payment.
        Assert.DoesNotContain(host.Meter.Input(new ChannelInput.UpdateFee(Floor)).Actions, action => action is ChannelAction.CommandRejected);
        await host.PumpAsync();
        Assert.Equal(Floor, host.Provider.Commitments.LocalCommit.Spec.Feerate);
        Transaction revoked = host.Meter.Commitments.SignedLocalCommitment(host.Meter.Signer);
        host.MeterPays(100_000_000);
        await host.PumpAsync();

        // The provider prices claims from its estimator: a fresh regtest node has no estimate,
        // so the estimator answers its 253 sat/kw fallback, too low for this mempool.
        IFeerateEstimator estimator = new FeeEstimator(host.Node.Rpc, Floor);
        FeeratePerKw estimate = await estimator.EstimateFeerateAsync(2, CancellationToken.None);
        Assert.Equal(Floor, estimate);
        host.Provider.Pricing = new ClaimPricing(estimate, Ceiling, FeeratePerKw.FromSatoshisPerKilovbyte(Congested.IncrementalRelayFeeRate));

        // The cheater's miner confirms the revoked commitment; the meter stops running our software.
        host.Meter.Honest = false;
        await host.MineWithAsync(revoked);
        var first = Assert.IsType<ChannelState.ClosingOnChain>(host.Provider.Persisted).Close;
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, first.Kind);
        Assert.Equal(Floor, first.Fees!.Feerate);
        Assert.Contains((first.Claim!.GetTxId(), "min relay fee not met"), host.Refused);

        // One block at a time, as long as the cheater could not yet spend its to_local.
        TxId? mined = null;
        while (mined is null && host.Provider.Monitor.GetDepth(revoked.GetTxId()) < RegtestChannelHost.MeterToSelfDelay)
        {
            await host.MineAsync(1);
            var close = host.Provider.OnChainClose!;
            mined = close.ClaimDepth > 0 ? close.Claim!.GetTxId() : null;
            output.WriteLine($"revoked commitment at depth {host.Provider.Monitor.GetDepth(revoked.GetTxId())}: penalty {close.Claim!.GetTxId()} at {close.Fees!.Feerate}, depth {close.ClaimDepth}");
        }

        Assert.True(mined is not null, $"the penalty did not confirm before the meter's to_self_delay ({RegtestChannelHost.MeterToSelfDelay} blocks)");
        uint depthAtPenalty = (uint)host.Provider.Monitor.GetDepth(revoked.GetTxId()) - (uint)host.Provider.Monitor.GetDepth(mined.Value) + 1;
        Assert.True(depthAtPenalty < RegtestChannelHost.MeterToSelfDelay, $"mined with the revoked commitment {depthAtPenalty} deep");

        // It took replacements: the penalty re-signed at higher fees, each stored before its broadcast.
        var bumps = host.Provider.Notifications.OfType<ChannelAction.ClaimBumped>().ToList();
        Assert.True(bumps.Count >= 2, $"{bumps.Count} bumps");
        Assert.True(bumps.Zip(bumps.Skip(1)).All(pair => pair.Second.Feerate > pair.First.Feerate && pair.Second.Fee > pair.First.Fee));
        var final = host.Provider.OnChainClose!;
        Transaction penalty = final.Claim!;
        Assert.Equal(mined, penalty.GetTxId());
        Assert.True(final.Fees!.Feerate >= FeeratePerKw.FromSatoshisPerKilovbyte(Congested.BlockMinFeeRate), $"{final.Fees.Feerate} below the blocks' minimum");
        Assert.True(final.Fees.Feerate <= Ceiling);

        // Final balances, to the satoshi, from the chain: the provider holds its 400,000 sat
        // to_remote and the meter's to_local less the 253 sat/kw commitment fee (paid by the
        // meter as funder) and the penalty's fee; the meter holds nothing.
        Satoshis commitmentFee = CommitmentWeights.CommitmentFee(Floor, 0);
        Satoshis penaltyFee = host.FeeOf(penalty.GetTxId());
        Assert.Equal(final.Fees.Fee, penaltyFee);
        Satoshis total = Satoshis.Zero;
        foreach (var ours in final.OurOutputs)
        {
            TxOut onChain = await host.ChainOutputAsync(ours.OutPoint);
            Assert.Equal((ours.Amount, host.Provider.PaymentScript), (onChain.Value, onChain.ScriptPubKey));
            total += onChain.Value;
        }

        Assert.Equal(new Satoshis(400_000), Assert.Single(final.OurOutputs, o => o.OutPoint.TxId == revoked.GetTxId()).Amount);
        Assert.Equal(new Satoshis(600_000) - commitmentFee - penaltyFee, Assert.Single(final.OurOutputs, o => o.OutPoint.TxId == penalty.GetTxId()).Amount);
        Assert.Equal(RegtestChannelHost.Capacity - commitmentFee - penaltyFee, total);
        Assert.Equal(RegtestChannelHost.Capacity - commitmentFee, revoked.Outputs.Aggregate(Satoshis.Zero, (sum, o) => sum + o.Value));

        // The meter's to_local is spent (by the penalty): nothing is left for its delayed key.
        int toLocal = revoked.Outputs.ToList().FindIndex(o => o.ScriptPubKey != host.Provider.PaymentScript);
        Assert.Null(await host.Node.Rpc.GetTxOutAsync(new OutPoint(revoked.GetTxId(), (uint)toLocal), includeMempool: false));
        Assert.Equal(revoked.GetTxId(), Assert.Single(penalty.Inputs).PrevOut.TxId);

        output.WriteLine($"penalty {penalty.GetTxId()} at {final.Fees.Feerate} (fee {penaltyFee}) after {bumps.Count} bumps and {host.Refused.Count} refusals: the provider holds {total} of {RegtestChannelHost.Capacity}");
        host.Report();
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_commitment_lowered_to_253_sat_per_kw_is_refused_by_relay_but_can_be_mined_and_spends_the_funding(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "low-fee-breach", output, RaisedRelay);
        host.MeterPays(400_000_000);
        await host.PumpAsync();

        // The funder (the meter) lowers the feerate to BOLT 2's floor; the provider accepts it today.
        var step = host.Meter.Input(new ChannelInput.UpdateFee(Floor));
        Assert.DoesNotContain(step.Actions, action => action is ChannelAction.CommandRejected);
        await host.PumpAsync();
        Assert.Equal(Floor, host.Meter.Commitments.LocalCommit.Spec.Feerate);
        Assert.Equal(Floor, host.Provider.Commitments.LocalCommit.Spec.Feerate);

        // The meter keeps this commitment, then it is revoked by the next payment.
        Transaction revoked = host.Meter.Commitments.SignedLocalCommitment(host.Meter.Signer);
        host.MeterPays(100_000_000);
        await host.PumpAsync();
        Assert.True(host.Meter.Commitments.LocalCommit.Index > 0);

        MempoolAcceptResult relay = Assert.Single(await host.Node.Rpc.TestMempoolAcceptAsync([revoked]));
        Assert.Equal("min relay fee not met", relay.RejectReason);
        output.WriteLine($"{host.Node.Name}: revoked commitment {revoked.GetTxId()} at {Floor}: {relay.RejectDetails}");

        // The cheater's miner confirms it anyway; the provider's engine is kept out of it here.
        host.Provider.Honest = false;
        host.Meter.Honest = false;
        await host.MineWithAsync(revoked);

        Assert.Null(await host.Node.Rpc.GetTxOutAsync(host.FundingOutPoint));
        Assert.NotNull(await host.Node.Rpc.GetTxOutAsync(new OutPoint(revoked.GetTxId(), 0), includeMempool: false));
        Assert.Equal(1, host.Provider.Monitor.GetDepth(revoked.GetTxId()));
    }
}
