using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.EmbeddedChain.Validation;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// The chain side of issue #14 item 1 ("a cheater must not be able to price our penalty out
/// of the chain"): a node whose minimum relay fee is raised above 253 sat/kw refuses a
/// commitment the meter lowered to 253 sat/kw with update_fee, yet a miner can still confirm
/// it (generateblock) and the provider's monitor sees it. What the engine answers (a penalty
/// repriced from the fee estimator and bumped until it confirms) is tested where it is fixed,
/// on this same chain set-up (<see cref="RegtestChannelHost.OpenAsync"/> with a relay policy,
/// <see cref="RegtestChannelHost.MineWithAsync"/>).
/// </summary>
public sealed class LowFeeBreachChainTests(ITestOutputHelper output)
{
    /// <summary>-minrelaytxfee 0.00002 BTC/kvB: 2 sat/vB, i.e. 500 sat/kw, twice the 253 sat/kw floor.</summary>
    private static readonly RelayPolicy RaisedRelay = new() { MinRelayFeeRate = 2_000, IncrementalRelayFeeRate = 2_000 };

    private static readonly FeeratePerKw Floor = new(253);

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
