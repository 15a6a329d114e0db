using Microchannels.Bitcoin.Transactions;
using Microchannels.Channels.Engine.StateMachine;
using Microchannels.Settlement.Monitoring;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Microchannels.Settlement.Tests.Watching;
using Xunit.Abstractions;
using static Microchannels.Settlement.Monitoring.ChannelChainEvent;

namespace Microchannels.Settlement.Tests.Closing;

/// <summary>
/// A real reorganisation under an open channel: the block holding the funding transaction is
/// invalidated, a longer chain without it wins, and the channel monitor says so (depth 0),
/// then reports the depth again from 1 when the transaction is mined anew.
/// </summary>
public sealed class FundingReorgRegtestTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_reorg_removing_the_funding_transaction_is_reported_and_its_depth_reported_again_from_1(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.OpenAsync(chain, "funding-reorg", output);
        ChannelChainMonitor monitor = host.Meter.Monitor;
        TxId funding = host.Funding.TxId;
        OutPoint channel = host.FundingOutPoint;
        Assert.Equal((int)RegtestChannelHost.MinimumDepth, monitor.GetDepth(funding));

        RawTransactionInfo info = await host.Node.Rpc.GetRawTransactionInfoAsync(funding);
        int fundingHeight = (await host.Node.Rpc.GetBlockCountAsync()) - (int)RegtestChannelHost.MinimumDepth + 1;
        await RegtestChainControl.InvalidateBlockAsync(host.Node.Rpc, info.BlockHash!.Value);
        string miner = (await host.Node.Rpc.GetNewAddressAsync()).ToString();
        for (int i = 0; i < RegtestChannelHost.MinimumDepth + 1; i++)
        {
            await RegtestChainControl.GenerateEmptyBlockAsync(host.Node.Rpc, miner);
        }

        Assert.Contains(funding, await host.Node.Rpc.GetRawMempoolAsync());
        Assert.Equal([new TransactionUnconfirmed(channel, funding)], await monitor.PollAsync());
        Assert.Equal(0, monitor.GetDepth(funding));

        await host.Node.MineAsync(2);
        int newHeight = fundingHeight + (int)RegtestChannelHost.MinimumDepth + 1;
        Assert.Equal(
            [new ChannelChainEvent.TransactionConfirmed(channel, funding, newHeight, 1), new ChannelChainEvent.TransactionConfirmed(channel, funding, newHeight, 2)],
            await monitor.PollAsync());
        output.WriteLine($"funding {funding}: confirmed at {fundingHeight}, reorganised out, confirmed again at {newHeight}");

        // The other side's monitor saw the same, and both engines took depth 0 without harm.
        await host.SeeChainAsync();
        Assert.Equal(2, host.Provider.Monitor.GetDepth(funding));
        Assert.Empty(host.Meter.Notifications);
        Assert.Empty(host.Provider.Notifications);
        host.Report();
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_reorg_below_minimum_depth_is_taken_as_depth_0_and_channel_ready_waits_until_the_funding_is_deep_enough_again(RegtestChainKind chain)
    {
        await using var host = await RegtestChannelHost.FundAsync(chain, "funding-reorg-opening", output);
        Transaction funding = host.Funding.Transaction;
        await host.MineAsync((int)RegtestChannelHost.MinimumDepth - 1);
        Assert.Equal((int)RegtestChannelHost.MinimumDepth - 1, host.Meter.Monitor.GetDepth(funding.GetTxId()));

        RawTransactionInfo info = await host.Node.Rpc.GetRawTransactionInfoAsync(funding.GetTxId());
        await RegtestChainControl.InvalidateBlockAsync(host.Node.Rpc, info.BlockHash!.Value);
        string miner = (await host.Node.Rpc.GetNewAddressAsync()).ToString();
        for (int i = 0; i < RegtestChannelHost.MinimumDepth; i++)
        {
            await RegtestChainControl.GenerateEmptyBlockAsync(host.Node.Rpc, miner);
        }

        // Each engine hears "depth 0" (ChannelInput.FundingConfirmed) and stays where it was:
        // stored, waiting, with no channel_ready sent and nothing failed.
        var before = (host.Meter.State, host.Provider.State);
        await host.SeeChainAsync();
        Assert.Contains(funding.GetTxId(), await host.Node.Rpc.GetRawMempoolAsync());
        foreach (var side in new[] { host.Meter, host.Provider })
        {
            Assert.Equal(0, side.Monitor.GetDepth(funding.GetTxId()));
            var depthZero = Assert.IsType<ChannelInput.FundingConfirmed>(side.Inputs[^1]);
            Assert.Equal((funding, 0u), (depthZero.FundingTransaction, depthZero.Depth));
            Assert.True(side.State is ChannelState.Opening { IsDurable: true }, $"{side.Name} is in {side.State?.GetType().Name}");
            Assert.False(RegtestChannelHost.SentChannelReady(side));
            Assert.DoesNotContain(side.OpeningActions, action => action is ChannelAction.ChannelFailed or ChannelAction.CommandRejected);
        }

        Assert.Same(before.Item1, host.Meter.State);
        Assert.Same(before.Item2, host.Provider.State);

        // Mined again: minimum_depth counts from the new block, and only then is the channel open.
        await host.ConfirmFundingAsync();
        output.WriteLine($"funding {funding.GetTxId()}: reorganised out at depth {RegtestChannelHost.MinimumDepth - 1}, open at depth {RegtestChannelHost.MinimumDepth} in the new chain");
        host.Report();
    }
}
