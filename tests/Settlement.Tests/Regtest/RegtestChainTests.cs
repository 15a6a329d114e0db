using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Fees;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>The client against a real bitcoind: blocks, balances, outputs and fee estimates.</summary>
public sealed class RegtestChainTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Mining_101_blocks_gives_the_wallet_exactly_one_mature_50_btc_coinbase(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        output.WriteLine(node.Description);

        var blocks = await node.MineAsync(101);

        Assert.True(node.NetworkInfo.Version >= 250000, $"bitcoind {node.NetworkInfo.Version} is older than v25");
        Assert.Equal(new Satoshis(50 * BtcAmount.SatoshisPerBitcoin), await node.Rpc.GetBalanceAsync());
        Assert.Equal(101, await node.Rpc.GetBlockCountAsync());
        BlockchainInfo info = await node.Rpc.GetBlockchainInfoAsync();
        Assert.Equal("regtest", info.Chain);
        Assert.Equal(blocks[^1], info.BestBlockHash);
        Assert.Equal(blocks[^1], await node.Rpc.GetBestBlockHashAsync());
        Assert.Equal(blocks[0], await node.Rpc.GetBlockHashAsync(1));
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_block_reads_the_same_verbose_and_raw(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        BlockHash hash = (await node.MineAsync(2))[^1];

        BlockInfo block = await node.Rpc.GetBlockAsync(hash);
        byte[] raw = await node.Rpc.GetRawBlockAsync(hash);

        Assert.Equal((hash, 2, 1), (block.Hash, block.Height, block.Confirmations));
        Assert.Equal(block.Size, raw.Length);
        Assert.Equal(await node.Rpc.GetBlockHashAsync(1), block.PreviousBlockHash);
        Transaction coinbase = await node.Rpc.GetRawTransactionAsync(Assert.Single(block.TxIds));
        Assert.Equal(TxId.Zero, Assert.Single(coinbase.Inputs).PrevOut.TxId);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_payment_to_our_address_shows_in_the_mempool_then_in_gettxout_and_listunspent(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        await node.MineAsync(101);
        string address = (await node.Rpc.GetNewAddressAsync()).ToString();
        var amount = new Satoshis(150_000_000);

        TxId txId = await node.Rpc.SendToAddressAsync(address, amount);
        Assert.Contains(txId, await node.Rpc.GetRawMempoolAsync());
        Transaction payment = await node.Rpc.GetRawTransactionAsync(txId);
        uint vout = (uint)payment.Outputs.IndexOf(payment.Outputs.Single(o => o.Value == amount));
        var outPoint = new OutPoint(txId, vout);
        TxOutInfo? pending = await node.Rpc.GetTxOutAsync(outPoint);
        Assert.Null(await node.Rpc.GetTxOutAsync(outPoint, includeMempool: false));
        BlockHash block = (await node.MineAsync(1))[0];
        TxOutInfo? confirmed = await node.Rpc.GetTxOutAsync(outPoint);

        Assert.Equal(0, pending!.Confirmations);
        Assert.Equal((1, amount, address), (confirmed!.Confirmations, confirmed.Value, confirmed.Address));
        Assert.Equal(block, confirmed.BestBlock);
        UnspentOutput unspent = Assert.Single(await node.Rpc.ListUnspentAsync(addresses: [address]));
        Assert.Equal((outPoint, amount, 1), (unspent.OutPoint, unspent.Amount, unspent.Confirmations));
        RawTransactionInfo info = await node.Rpc.GetRawTransactionInfoAsync(txId);
        Assert.Equal((block, 1), (info.BlockHash, info.Confirmations));
        Assert.Empty(await node.Rpc.GetRawMempoolAsync());
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Funding_an_address_returns_its_confirmed_output(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        string address = (await node.Rpc.GetNewAddressAsync()).ToString();

        OutPoint funded = await node.FundAddressAsync(address, new Satoshis(123_456_789));

        TxOutInfo? output = await node.Rpc.GetTxOutAsync(funded);
        Assert.Equal((new Satoshis(123_456_789), address, 1), (output!.Value, output.Address, output.Confirmations));
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Estimatesmartfee_without_data_falls_back(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        await node.MineAsync(10);

        SmartFeeEstimate raw = await node.Rpc.EstimateSmartFeeAsync(6);
        FeerateEstimate estimate = await new FeeEstimator(node.Rpc, new FeeratePerKw(2_500)).EstimateAsync(6);

        Assert.Null(raw.FeeRatePerKilovbyte);
        Assert.NotEmpty(raw.Errors);
        Assert.Equal(new FeerateEstimate(new FeeratePerKw(2_500), FeerateSource.Fallback), estimate);
    }
}
