using System.Security.Cryptography;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Crypto;
using Microchannels.Bitcoin.Scripts;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Regtest;
using Microchannels.Settlement.Tests.Watching;
using Microchannels.Settlement.Wallet;
using Microchannels.Settlement.Watching;
using Xunit.Abstractions;

namespace Microchannels.Settlement.Tests.Wallet;

/// <summary>The meter wallet and the chain watcher against a real bitcoind in regtest, through a real reorganisation.</summary>
public sealed class MeterWalletRegtestTests(ITestOutputHelper output)
{
    private static readonly Satoshis FirstPayment = new(30_000_000);
    private static readonly Satoshis SecondPayment = new(40_000_000);
    private static readonly Satoshis ChannelCapacity = new(50_000_000);
    private static readonly FeeratePerKw Feerate = new(2_500);

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Funds_a_2_of_2_channel_output_that_bitcoind_accepts_and_the_watcher_follows_through_a_reorg(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var wallet = new MeterWallet(RandomNumberGenerator.GetBytes(WalletKeyDerivation.SeedSize), Network.Regtest);

        // Paid by the node's wallet (sendtoaddress, then one block each).
        SegwitAddress first = wallet.GetNewAddress();
        SegwitAddress second = wallet.GetNewAddress();
        Assert.StartsWith("bcrt1q", first.ToString(), StringComparison.Ordinal);
        await node.FundAddressAsync(first.ToString(), FirstPayment);
        await node.FundAddressAsync(second.ToString(), SecondPayment);
        await wallet.RescanAsync(node.Rpc, 0);
        Satoshis initial = FirstPayment + SecondPayment;
        Assert.Equal(initial, wallet.Balance);
        Assert.Equal(2, wallet.Coins.Length);

        // The BOLT 3 funding output for two fresh keys; 0.5 BTC needs both coins.
        using PrivateKey localKey = PrivateKey.Generate();
        using PrivateKey remoteKey = PrivateKey.Generate();
        Script fundingScript = StandardScripts.PayToWitnessScriptHash(
            StandardScripts.FundingMultisig2of2(localKey.PublicKey.AsSpan(), remoteKey.PublicKey.AsSpan()));
        FundingTransaction funding = wallet.BuildFundingTransaction(fundingScript, ChannelCapacity, Feerate);
        TxId txId = funding.TxId;
        output.WriteLine($"funding txid {txId}, fee {funding.Fee}, change {funding.Change}, weight {funding.Transaction.Weight}");
        Assert.Equal(2, funding.Transaction.Inputs.Length);
        Assert.Equal(new TxOut(ChannelCapacity, fundingScript), funding.Transaction.Outputs[funding.FundingOutputIndex]);

        MempoolAcceptResult accept = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([funding.Transaction]));
        Assert.True(accept.Allowed, accept.RejectReason);
        Assert.Equal(funding.Fee, accept.BaseFee);
        Assert.True(Feerate.FeeForWeight(funding.Transaction.Weight) <= funding.Fee);

        var listener = new RecordingListener();
        var watcher = new ChainWatcher(new BitcoindBlockSource(node.Rpc), await node.Rpc.GetBlockCountAsync(), listener);
        watcher.WatchTransaction(txId);
        OutPoint spentCoin = funding.SpentCoins[0].OutPoint;
        watcher.WatchOutPoint(spentCoin);
        await watcher.PollAsync();
        Assert.Equal(txId, await node.Rpc.SendRawTransactionAsync(funding.Transaction));
        await watcher.PollAsync();
        Assert.Equal(0, watcher.Chain.GetDepth(txId));

        // 0 -> 1 -> 6 confirmations.
        BlockHash confirmingBlock = (await node.MineAsync(1))[0];
        int height = await node.Rpc.GetBlockCountAsync();
        listener.Take();
        await watcher.PollAsync();
        Assert.Equal(
            [$"connected {height} {confirmingBlock}", $"spent {spentCoin} by {txId} at {height}", $"confirmed {txId} at {height} depth 1"],
            listener.Take());
        Assert.Equal(
            (await node.Rpc.GetBlockAsync(confirmingBlock)).TxIds,
            (await new BitcoindBlockSource(node.Rpc).GetBlockAsync(confirmingBlock)).Transactions.Select(tx => tx.GetTxId()));
        await node.MineAsync(5);
        await watcher.PollAsync();
        Assert.Equal(
            [2, 3, 4, 5, 6],
            listener.Take().Where(line => line.StartsWith("confirmed", StringComparison.Ordinal)).Select(line => int.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(6, watcher.Chain.GetDepth(txId));
        output.WriteLine($"confirmed at height {height} in {confirmingBlock}, depth 6");

        // A real reorganisation: the confirming block is invalidated, a longer chain without the transaction wins.
        await RegtestChainControl.InvalidateBlockAsync(node.Rpc, confirmingBlock);
        var (disconnected, _) = await watcher.PollAsync();
        List<string> reverted = listener.Take();
        Assert.Equal(6, disconnected);
        Assert.Equal($"disconnected {height + 5}", string.Join(' ', reverted[0].Split(' ')[..2]));
        Assert.Contains($"disconnected {height} {confirmingBlock}", reverted);
        Assert.Contains($"unconfirmed {txId}", reverted);
        Assert.Contains($"unspent {spentCoin} was {txId}", reverted);
        Assert.Equal(0, watcher.Chain.GetDepth(txId));
        Assert.Contains(txId, await node.Rpc.GetRawMempoolAsync());

        string miner = (await node.Rpc.GetNewAddressAsync()).ToString();
        for (int i = 0; i < 7; i++)
        {
            await RegtestChainControl.GenerateEmptyBlockAsync(node.Rpc, miner);
        }

        var (_, connected) = await watcher.PollAsync();
        Assert.Equal(7, connected);
        Assert.Equal(height + 6, watcher.Chain.Tip?.Height);
        Assert.Equal(0, watcher.Chain.GetDepth(txId));
        Assert.DoesNotContain(listener.Take(), line => line.StartsWith("confirmed", StringComparison.Ordinal));

        // Mined again, in the first block above the competing chain.
        BlockHash reconfirming = (await node.MineAsync(1))[0];
        await watcher.PollAsync();
        Assert.Contains($"confirmed {txId} at {height + 7} depth 1", listener.Take());
        output.WriteLine($"re-confirmed at height {height + 7} in {reconfirming} after the reorg");

        await wallet.RescanAsync(node.Rpc, 0);
        Assert.Equal(initial - ChannelCapacity - funding.Fee, wallet.Balance);
        Assert.Equal(funding.Change, wallet.Balance);
        TxOutInfo? channelOutput = await node.Rpc.GetTxOutAsync(funding.FundingOutPoint);
        Assert.NotNull(channelOutput);
    }
}
