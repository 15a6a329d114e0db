using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;
using Microchannels.Settlement.Tests.Watching;
using static Microchannels.Settlement.Tests.Regtest.TestAmounts;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>
/// invalidateblock and reconsiderblock move the UTXO set and the mempool as bitcoind moves
/// them: a disconnected block's transactions return to the mempool and the outputs they spent
/// are unspent again; reconnecting confirms them anew.
/// </summary>
public sealed class ReorganisationTests
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Invalidating_a_block_returns_its_transactions_to_the_mempool_and_reconsidering_it_confirms_them_again(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction spend = key.Spend(funded, Funding, key.ScriptPubKey, Fee);
        await node.Rpc.SendRawTransactionAsync(spend);
        BlockHash block = (await node.MineAsync(1))[0];
        int height = await node.Rpc.GetBlockCountAsync();
        var created = new OutPoint(spend.GetTxId(), 0);
        Assert.Null(await node.Rpc.GetTxOutAsync(funded, includeMempool: false));

        await RegtestChainControl.InvalidateBlockAsync(node.Rpc, block);

        // Back at the parent: the spend waits in the mempool again, its input unspent on chain.
        Assert.Equal(height - 1, await node.Rpc.GetBlockCountAsync());
        Assert.Equal(spend.GetTxId(), Assert.Single(await node.Rpc.GetRawMempoolAsync()));
        Assert.Equal(Funding, (await node.Rpc.GetTxOutAsync(funded, includeMempool: false))!.Value);
        Assert.Null(await node.Rpc.GetTxOutAsync(funded, includeMempool: true));
        Assert.Null(await node.Rpc.GetTxOutAsync(created, includeMempool: false));
        Assert.Equal(0, (await node.Rpc.GetTxOutAsync(created))!.Confirmations);
        Assert.Equal(-1, (await node.Rpc.GetBlockAsync(block)).Confirmations);

        await node.Rpc.CallAsync("reconsiderblock", false, CancellationToken.None, block.ToString());

        Assert.Equal(block, await node.Rpc.GetBestBlockHashAsync());
        Assert.Empty(await node.Rpc.GetRawMempoolAsync());
        Assert.Null(await node.Rpc.GetTxOutAsync(funded, includeMempool: false));
        Assert.Equal((Funding - Fee, 1), ((await node.Rpc.GetTxOutAsync(created, includeMempool: false))!.Value, (await node.Rpc.GetTxOutAsync(created))!.Confirmations));
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_longer_chain_without_a_transaction_unconfirms_it_and_a_double_spend_on_it_evicts_it(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        using var other = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction spend = key.Spend(funded, Funding, key.ScriptPubKey, Fee);
        await node.Rpc.SendRawTransactionAsync(spend);
        BlockHash block = (await node.MineAsync(1))[0];

        // The competing branch confirms a double spend instead.
        await RegtestChainControl.InvalidateBlockAsync(node.Rpc, block);
        Transaction doubleSpend = key.Spend(funded, Funding, other.ScriptPubKey, Fee + Fee);
        Assert.Equal(doubleSpend.GetTxId(), await node.Rpc.SendRawTransactionAsync(doubleSpend));
        Assert.Equal(doubleSpend.GetTxId(), Assert.Single(await node.Rpc.GetRawMempoolAsync()));
        string miner = (await node.Rpc.GetNewAddressAsync()).ToString();
        await node.MineAsync(2, miner);

        Assert.Empty(await node.Rpc.GetRawMempoolAsync());
        Assert.Null(await node.Rpc.GetTxOutAsync(new OutPoint(spend.GetTxId(), 0)));
        Assert.Equal(2, (await node.Rpc.GetTxOutAsync(new OutPoint(doubleSpend.GetTxId(), 0)))!.Confirmations);
        MempoolAcceptResult late = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([spend]));
        Assert.Equal("bad-txns-inputs-missingorspent", late.RejectReason);
    }
}
