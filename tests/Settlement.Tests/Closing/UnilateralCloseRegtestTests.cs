using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;
using Microchannels.Settlement.Broadcasting;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// BOLT 5 "Unilateral Close Handling: Local Commitment Transaction": the meter force-closes,
/// its latest commitment confirms, and its delayed <c>to_local</c> is swept once
/// <c>to_self_delay</c> has passed, all through the engine's actions against bitcoind.
/// </summary>
public sealed class UnilateralCloseRegtestTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Our_commitment_confirms_and_our_to_local_is_swept_after_to_self_delay_and_not_a_block_earlier(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "local-unilateral", output);
        host.MeterPays(250_000_500);
        await host.PumpAsync();
        host.ProviderPays(20_000_000);
        await host.PumpAsync();

        host.Meter.Input(new ChannelInput.ForceClose("the provider stopped answering"));
        await host.PumpAsync();

        Assert.IsType<ChannelState.ForceClosing>(host.Meter.Persisted);
        Transaction commitment = Assert.Single(host.Meter.Broadcasts).Transaction;
        Assert.Equal(host.FundingOutPoint, Assert.Single(commitment.Inputs).PrevOut);
        await host.MineAsync(1);
        Assert.Contains(commitment.GetTxId(), host.Confirmed);
        Assert.Equal(1, host.Meter.Monitor.GetDepth(commitment.GetTxId()));

        // BOLT 3 "Commitment Transaction Construction": the funder pays the base fee
        // (weight 724 without HTLCs) from its to_local, each side rounded down to whole satoshis.
        var expected = ExpectedCommitmentOutputs(host);
        int toLocalIndex = commitment.Outputs.ToList().FindIndex(o => StandardScripts.IsPayToWitnessScriptHash(o.ScriptPubKey));
        var toLocalOutPoint = new OutPoint(commitment.GetTxId(), (uint)toLocalIndex);
        var toLocal = await host.ChainOutputAsync(toLocalOutPoint);
        var toRemote = await host.ChainOutputAsync(new OutPoint(commitment.GetTxId(), (uint)commitment.Outputs.ToList().FindIndex(o => o.ScriptPubKey == host.Provider.PaymentScript)));
        Assert.Equal((expected.ToLocal, expected.ToRemote), (toLocal.Value, toRemote.Value));
        Assert.Equal((new Satoshis(768_189), new Satoshis(230_000)), (toLocal.Value, toRemote.Value));

        // 769_999.5 and 230_000.5 sat: the two half satoshis rounded away go to the fee.
        Assert.Equal(RegtestChannelHost.Capacity, toLocal.Value + toRemote.Value + CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0) + new Satoshis(1));
        output.WriteLine($"commitment {commitment.GetTxId()}: to_local {toLocal.Value}, to_remote {toRemote.Value}");

        // The engine holds the signed sweep from the start but broadcasts it only when due.
        var close = Assert.IsType<ChannelState.ClosingOnChain>(host.Meter.State).Close;
        Assert.Equal(FundingSpendKind.LocalCommitment, close.Kind);
        Assert.Equal(RegtestChannelHost.MeterToSelfDelay, close.ClaimDelay);
        Transaction sweep = close.Claim!;
        Assert.Equal(toLocalOutPoint, Assert.Single(sweep.Inputs).PrevOut);
        await host.MineAsync(RegtestChannelHost.MeterToSelfDelay - 2);
        Assert.Equal(RegtestChannelHost.MeterToSelfDelay - 1, host.Meter.Monitor.GetDepth(commitment.GetTxId()));
        Assert.Single(host.Meter.Broadcasts);

        // BIP 68: one block early the relative lock of to_self_delay is not met.
        var early = Assert.Single(await host.Node.Rpc.TestMempoolAcceptAsync([sweep]));
        Assert.False(early.Allowed);
        Assert.Equal("non-BIP68-final", early.RejectReason);
        var refused = await Assert.ThrowsAsync<TransactionRejectedException>(() => host.Broadcaster.SendAsync(sweep));
        Assert.Equal(("non-BIP68-final", RpcErrorCode.VerifyRejected), (refused.Reason, refused.Code));
        output.WriteLine($"sweep {sweep.GetTxId()} at depth {RegtestChannelHost.MeterToSelfDelay - 1}: {early.RejectReason}");

        // At depth to_self_delay the engine broadcasts it (the host checks testmempoolaccept allows it).
        await host.MineAsync(1);
        Assert.Equal(sweep, host.Meter.Broadcasts[1].Transaction);
        await host.MineAsync(1);
        Assert.Contains(sweep.GetTxId(), host.Confirmed);

        TxOut swept = await host.ChainOutputAsync(new OutPoint(sweep.GetTxId(), 0));
        Assert.Equal(host.Meter.PaymentScript, swept.ScriptPubKey);
        Satoshis sweepFee = host.FeeOf(sweep.GetTxId());
        Assert.Equal(toLocal.Value - sweepFee, swept.Value);
        Assert.True(sweepFee >= RegtestChannelHost.CommitmentFeerate.FeeForWeight(sweep.Weight), $"sweep fee {sweepFee} below the commitment feerate for weight {sweep.Weight}");
        var closed = Assert.Single(host.Meter.Notifications.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal(swept.Value, closed.OurAmount);
        Assert.Equal([commitment.GetTxId(), sweep.GetTxId()], closed.TxIds.ToArray());
        output.WriteLine($"sweep {sweep.GetTxId()}: {swept.Value} to the meter's payment basepoint, fee {sweepFee}");
        host.Report();
    }

    internal static (Satoshis ToLocal, Satoshis ToRemote) ExpectedCommitmentOutputs(RegtestChannelHost host) =>
        (host.ExpectedMeterBalance.ToSatoshis() - CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0),
         host.ExpectedProviderBalance.ToSatoshis());
}
