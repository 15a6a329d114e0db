using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// BOLT 5 "Revoked Transaction Close Handling": the provider broadcasts a commitment it
/// has revoked; the meter sees it through its chain monitor, broadcasts the penalty at once,
/// and the penalty confirms long before the cheater's to_self_delay: the meter ends with
/// the whole channel less the two transactions' fees.
/// </summary>
public sealed class BreachRegtestTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_revoked_commitment_is_answered_with_a_penalty_that_takes_the_whole_channel_less_fees(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "breach", output);
        host.MeterPays(400_000_000);
        await host.PumpAsync();

        // The cheater keeps its commitment, fully signed, while it is still current.
        Transaction revoked = host.Provider.Commitments.SignedLocalCommitment(host.Provider.Signer);
        ulong revokedNumber = host.Provider.Commitments.LocalCommit.Index;
        host.ProviderPays(150_000_000);
        await host.PumpAsync();
        host.MeterPays(7_000);
        await host.PumpAsync();
        Assert.True(host.Provider.Commitments.LocalCommit.Index > revokedNumber);

        // The provider stops running honest software and broadcasts the revoked state.
        host.Provider.Honest = false;
        await host.BroadcastAsync(host.Provider, revoked, "revoked commitment (cheating)");
        await host.MineAsync(1);

        var close = Assert.IsType<ChannelState.ClosingOnChain>(host.Meter.Persisted).Close;
        Assert.Equal(FundingSpendKind.RevokedRemoteCommitment, close.Kind);
        // Broadcast in the step that saw the breach, and again at each block until it confirms.
        Transaction penalty = host.Meter.Broadcasts[0].Transaction;
        Assert.Equal(close.Claim, penalty);
        Assert.All(host.Meter.Broadcasts, broadcast => Assert.Equal(penalty, broadcast.Transaction));
        Assert.Contains(penalty.GetTxId(), await host.Node.Rpc.GetRawMempoolAsync());
        await host.MineAsync(1);

        // Confirmed while the revoked commitment is 2 deep: the cheater's to_local could not
        // have been spent by it before to_self_delay (5 blocks) anyway.
        Assert.Contains(penalty.GetTxId(), host.Confirmed);
        Assert.Equal(2, host.Meter.Monitor.GetDepth(revoked.GetTxId()));
        Assert.True(host.Meter.Monitor.GetDepth(revoked.GetTxId()) < RegtestChannelHost.ProviderToSelfDelay);

        // Ours: the revoked commitment's to_remote (the meter's 600_000 sat less the commitment
        // fee it paid as funder) and the penalty's output (the cheater's 400_000 sat less its fee).
        Satoshis commitmentFee = CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0);
        Satoshis penaltyFee = host.FeeOf(penalty.GetTxId());
        Assert.True(penaltyFee >= RegtestChannelHost.CommitmentFeerate.FeeForWeight(penalty.Weight), $"penalty fee {penaltyFee} below the commitment feerate for weight {penalty.Weight}");
        Satoshis total = Satoshis.Zero;
        foreach (var ours in close.OurOutputs)
        {
            TxOut onChain = await host.ChainOutputAsync(ours.OutPoint);
            Assert.Equal((ours.Amount, host.Meter.PaymentScript), (onChain.Value, onChain.ScriptPubKey));
            total += onChain.Value;
        }

        Assert.Equal(2, close.OurOutputs.Length);
        Assert.Equal(RegtestChannelHost.Capacity - commitmentFee - penaltyFee, total);
        Assert.Equal(new Satoshis(600_000) - commitmentFee, Assert.Single(close.OurOutputs, o => o.OutPoint.TxId == revoked.GetTxId()).Amount);
        Assert.Equal(new Satoshis(400_000) - penaltyFee, Assert.Single(close.OurOutputs, o => o.OutPoint.TxId == penalty.GetTxId()).Amount);
        var closed = Assert.Single(host.Meter.Notifications.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal(total, closed.OurAmount);
        Assert.Equal([revoked.GetTxId(), penalty.GetTxId()], closed.TxIds.ToArray());
        output.WriteLine($"revoked {revoked.GetTxId()} (commitment {revokedNumber}), penalty {penalty.GetTxId()} fee {penaltyFee}: the meter holds {total} of {RegtestChannelHost.Capacity}");
        host.Report();
    }
}
