using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Channels.Transactions;
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
    [BitcoindFact]
    public async Task Our_commitment_confirms_with_each_balance_to_the_satoshi()
    {
        await using var host = await RegtestChannelHost.OpenAsync("local-unilateral", output);
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
        var toLocal = await host.ChainOutputAsync(new OutPoint(commitment.GetTxId(), (uint)commitment.Outputs.ToList().FindIndex(o => StandardScripts.IsPayToWitnessScriptHash(o.ScriptPubKey))));
        var toRemote = await host.ChainOutputAsync(new OutPoint(commitment.GetTxId(), (uint)commitment.Outputs.ToList().FindIndex(o => o.ScriptPubKey == host.Provider.PaymentScript)));
        Assert.Equal(expected.ToLocal, toLocal.Value);
        Assert.Equal(expected.ToRemote, toRemote.Value);
        Assert.Equal((new Satoshis(768_189), new Satoshis(230_000)), (toLocal.Value, toRemote.Value));

        // 769_999.5 and 230_000.5 sat: the two half satoshis rounded away go to the fee.
        Assert.Equal(RegtestChannelHost.Capacity, toLocal.Value + toRemote.Value + CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0) + new Satoshis(1));
        output.WriteLine($"commitment {commitment.GetTxId()}: to_local {toLocal.Value}, to_remote {toRemote.Value}");
        host.Report();
    }

    internal static (Satoshis ToLocal, Satoshis ToRemote) ExpectedCommitmentOutputs(RegtestChannelHost host) =>
        (host.ExpectedMeterBalance.ToSatoshis() - CommitmentWeights.CommitmentFee(RegtestChannelHost.CommitmentFeerate, 0),
         host.ExpectedProviderBalance.ToSatoshis());
}
