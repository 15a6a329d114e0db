using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Regtest;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;
using static Microchannels.Settlement.Tests.Regtest.TestAmounts;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>Transactions we build and sign ourselves, judged by a real bitcoind.</summary>
public sealed class RegtestTransactionTests
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Testmempoolaccept_allows_a_valid_spend_and_names_the_reason_for_a_bad_signature_or_a_double_spend(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction valid = key.Spend(funded, Funding, key.ScriptPubKey, Fee);
        Transaction badSignature = TestKey.WithCorruptedSignature(valid);

        var results = await node.Rpc.TestMempoolAcceptAsync([valid]);
        var rejected = await node.Rpc.TestMempoolAcceptAsync([badSignature]);
        await node.Rpc.SendRawTransactionAsync(valid);
        Transaction doubleSpend = key.Spend(funded, Funding, key.ScriptPubKey, Fee + new Satoshis(1));
        var conflict = await node.Rpc.TestMempoolAcceptAsync([doubleSpend]);

        MempoolAcceptResult accepted = Assert.Single(results);
        Assert.True(accepted.Allowed);
        Assert.Equal((valid.GetTxId(), valid.VirtualSize, Fee), (accepted.TxId, accepted.VirtualSize, accepted.BaseFee));
        MempoolAcceptResult bad = Assert.Single(rejected);
        Assert.False(bad.Allowed);
        Assert.Contains("script-verify-flag-failed", bad.RejectReason, StringComparison.Ordinal);
        MempoolAcceptResult conflicting = Assert.Single(conflict);
        Assert.False(conflicting.Allowed);
        Assert.False(string.IsNullOrEmpty(conflicting.RejectReason));
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Sendrawtransaction_of_an_invalid_transaction_surfaces_bitcoinds_reason_after_one_request(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction bad = TestKey.WithCorruptedSignature(key.Spend(funded, Funding, key.ScriptPubKey, Fee));
        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        using var client = new BitcoindRpcClient(BitcoindRpcOptions.ForLocalNode(node.RpcPort, node.DataDirectory), http);

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.SendRawTransactionAsync(bad));

        Assert.Equal(RpcErrorCode.VerifyRejected, e.Code);
        Assert.Contains("script-verify-flag-failed", e.RpcMessage, StringComparison.Ordinal);
        Assert.Equal(1, counting.Count);
        Assert.DoesNotContain(bad.GetTxId(), await node.Rpc.GetRawMempoolAsync());
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Sendrawtransaction_of_a_valid_spend_is_mined_and_spends_the_output(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction spend = key.Spend(funded, Funding, key.ScriptPubKey, Fee);

        TxId txId = await node.Rpc.SendRawTransactionAsync(spend);
        await node.MineAsync(1);

        Assert.Equal(spend.GetTxId(), txId);
        Assert.Null(await node.Rpc.GetTxOutAsync(funded));
        TxOutInfo? output = await node.Rpc.GetTxOutAsync(new OutPoint(txId, 0));
        Assert.Equal((Funding - Fee, 1), (output!.Value, output.Confirmations));
        var again = await Assert.ThrowsAsync<BitcoindRpcException>(() => node.Rpc.SendRawTransactionAsync(spend));
        Assert.Equal(RpcErrorCode.VerifyAlreadyInUtxoSet, again.Code);
    }
}
