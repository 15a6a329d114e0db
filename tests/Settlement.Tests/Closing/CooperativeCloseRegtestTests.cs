using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.Closing;
using Microchannels.Channels.Engine.OnChain;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// A channel funded from the meter wallet, streamed both ways and closed cooperatively
/// (BOLT 2 "Channel Close"), every step driven by the engine's actions against bitcoind.
/// </summary>
public sealed class CooperativeCloseRegtestTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task The_negotiated_closing_transaction_confirms_and_pays_each_side_its_balance_to_the_satoshi(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "cooperative", output);

        // Sub-satoshi amounts, so rounding down to whole satoshis shows.
        host.MeterPays(300_000_777);
        await host.PumpAsync();
        host.MeterPays(41_000_000);
        host.MeterPays(9_500);
        await host.PumpAsync();
        host.ProviderPays(50_000_250);
        await host.PumpAsync();
        Assert.Equal(host.ExpectedMeterBalance, host.Meter.Commitments.LocalCommit.Spec.ToLocal);
        Assert.Equal(host.ExpectedProviderBalance, host.Provider.Commitments.LocalCommit.Spec.ToLocal);

        host.Meter.Input(new ChannelInput.CooperativeClose(null, ClosingFeerates.Around(new FeeratePerKw(1_000))));
        await host.PumpAsync();

        var meterClosed = Assert.IsType<ChannelState.MutualClose>(host.Meter.State);
        var providerClosed = Assert.IsType<ChannelState.MutualClose>(host.Provider.State);
        Transaction closing = meterClosed.ClosingTransaction;
        Assert.Equal(closing, providerClosed.ClosingTransaction);
        Assert.Equal(closing, Assert.Single(host.Meter.Broadcasts).Transaction);
        Assert.Contains(closing.GetTxId(), await host.Node.Rpc.GetRawMempoolAsync());

        await host.MineAsync(1);
        Assert.Contains(closing.GetTxId(), host.Confirmed);
        Assert.Null(await host.Node.Rpc.GetTxOutAsync(host.FundingOutPoint));

        // BOLT 3 "Legacy Closing Transaction": each output is the balance rounded down to whole
        // satoshis, and the funder's (the meter's) pays the fee both sides agreed in closing_signed.
        ulong agreedFee = host.ClosingSignedDelivered[^1].FeeSatoshis;
        Assert.Equal(agreedFee, host.ClosingSignedDelivered[^2].FeeSatoshis);
        var meterExpected = new Satoshis(host.ExpectedMeterBalance.ToSatoshis().Value - (long)agreedFee);
        Satoshis providerExpected = host.ExpectedProviderBalance.ToSatoshis();
        Assert.Equal(new Satoshis(708_989), host.ExpectedMeterBalance.ToSatoshis());
        Assert.Equal(new Satoshis(291_010), providerExpected);

        TxOut meterOutput = await OutputPayingAsync(host, closing, host.Meter);
        TxOut providerOutput = await OutputPayingAsync(host, closing, host.Provider);
        Assert.Equal(meterExpected, meterOutput.Value);
        Assert.Equal(providerExpected, providerOutput.Value);
        Assert.Equal(2, closing.Outputs.Length);

        // What is not paid out is the fee: the agreed one plus the millisatoshis rounded away.
        Satoshis onChainFee = RegtestChannelHost.Capacity - meterOutput.Value - providerOutput.Value;
        Assert.Equal(new Satoshis((long)agreedFee + 1), onChainFee);
        output.WriteLine($"closing {closing.GetTxId()}: meter {meterOutput.Value}, provider {providerOutput.Value}, fee {agreedFee} + 1 rounded away, weight {closing.Weight}");

        // Seen on chain, the engine records the close and the output that is ours (BOLT 5).
        var recorded = Assert.Single(host.Meter.Notifications.OfType<ChannelAction.ClosedOnChain>());
        Assert.Equal((FundingSpendKind.MutualClose, meterOutput.Value), (recorded.Kind, recorded.OurAmount));
        Assert.Equal(providerOutput.Value, Assert.Single(host.Provider.Notifications.OfType<ChannelAction.ClosedOnChain>()).OurAmount);

        // The wallet holds exactly its change: deposit - capacity - funding fee.
        await host.Wallet.RescanAsync(host.Node.Rpc, 0);
        Assert.Equal(host.Funding.Change, host.Wallet.Balance);
        Assert.Equal(RegtestChannelHost.WalletDeposit - RegtestChannelHost.Capacity - host.Funding.Fee, host.Wallet.Balance);
        Assert.Empty(host.Meter.Notifications.OfType<ChannelAction.ChannelFailed>());
        Assert.Empty(host.Provider.Notifications.OfType<ChannelAction.ChannelFailed>());
        host.Report();
    }

    /// <summary>The output of <paramref name="transaction"/> paying <paramref name="side"/>'s payment basepoint, as bitcoind's UTXO set holds it.</summary>
    private static async Task<TxOut> OutputPayingAsync(RegtestChannelHost host, Transaction transaction, HostSide side)
    {
        int index = transaction.Outputs.ToList().FindIndex(o => o.ScriptPubKey == side.PaymentScript);
        Assert.True(index >= 0, $"no output pays {side.Name}'s payment basepoint");
        TxOut onChain = await host.ChainOutputAsync(new OutPoint(transaction.GetTxId(), (uint)index));
        Assert.Equal(transaction.Outputs[index], onChain);
        return onChain;
    }
}
