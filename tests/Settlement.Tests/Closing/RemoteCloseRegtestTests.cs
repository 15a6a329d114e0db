using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// BOLT 5 "Unilateral Close Handling: Remote Commitment Transaction": the provider
/// force-closes with its latest commitment; the meter recognises its <c>to_remote</c>
/// (P2WPKH of its payment_basepoint under <c>option_static_remotekey</c>), which needs no
/// claim, records it, and calls the close resolved once it is 100 blocks deep.
/// </summary>
public sealed class RemoteCloseRegtestTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task The_peers_latest_commitment_pays_our_to_remote_which_is_recorded_to_the_satoshi(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "remote-unilateral", output);
        host.MeterPays(123_456_789);
        await host.PumpAsync();
        host.ProviderPays(3_000_000);
        host.MeterPays(1_001);
        await host.PumpAsync();

        host.Provider.Input(new ChannelInput.ForceClose("the meter stopped answering"));
        await host.PumpAsync();
        Transaction theirCommitment = Assert.Single(host.Provider.Broadcasts).Transaction;
        Assert.Empty(host.Meter.Broadcasts);
        await host.MineAsync(1);

        // The funder (the meter) pays the commitment fee also on the provider's commitment.
        Satoshis expected = host.ExpectedMeterBalance.ToSatoshis() - CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0);
        Assert.Equal(new Satoshis(879_542 - 1_810), expected);
        var closing = Assert.IsType<ChannelState.ClosingOnChain>(host.Meter.Persisted);
        Assert.Equal(FundingSpendKind.RemoteCommitment, closing.Close.Kind);
        Assert.Null(closing.Close.Claim);
        var recorded = Assert.Single(closing.Close.OurOutputs);
        Assert.Equal(theirCommitment.GetTxId(), recorded.OutPoint.TxId);
        Assert.Equal(expected, recorded.Amount);

        TxOut onChain = await host.ChainOutputAsync(recorded.OutPoint);
        Assert.Equal((expected, host.Meter.PaymentScript), (onChain.Value, onChain.ScriptPubKey));
        var closed = Assert.Single(host.Meter.Notifications.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal((FundingSpendKind.RemoteCommitment, expected), (closed.Kind, closed.OurAmount));
        Assert.Equal([theirCommitment.GetTxId()], closed.TxIds.ToArray());
        output.WriteLine($"their commitment {theirCommitment.GetTxId()}: our to_remote {recorded.OutPoint} = {onChain.Value}");

        // BOLT 5: irrevocably resolved at 100 confirmations; nothing was ours to claim.
        await host.MineAsync((int)OnChainClose.IrrevocablyResolvedDepth - 2);
        Assert.IsType<ChannelState.ClosingOnChain>(host.Meter.State);
        await host.MineAsync(1);
        Assert.IsType<ChannelState.Closed>(host.Meter.Persisted);
        var resolved = Assert.Single(host.Meter.Notifications.OfType<ChannelAction.ClosureResolved>());
        Assert.Equal(expected, resolved.OurAmount);
        Assert.Empty(host.Meter.Broadcasts);

        // Meanwhile the provider swept its own to_local after its to_self_delay; it confirms too.
        Transaction providerSweep = Assert.IsType<ChannelState.ClosingOnChain>(host.Provider.State).Close.Claim!;
        Assert.Equal(providerSweep, host.Provider.Broadcasts[1].Transaction);
        await host.MineAsync(1);
        Assert.Contains(providerSweep.GetTxId(), host.Confirmed);
        host.Report();
    }
}
