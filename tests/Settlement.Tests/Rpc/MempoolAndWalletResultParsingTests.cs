using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Addresses;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;
using static Microchannels.Settlement.Tests.Rpc.ChainResultParsingTests;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>Typed results of the mempool, fee and wallet calls, from replies recorded from Bitcoin Core v31.</summary>
public sealed class MempoolAndWalletResultParsingTests
{
    private static readonly TxId Payment = TxId.Parse("4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af");

    [Fact]
    public async Task Testmempoolaccept_allowed_has_vsize_and_fee()
    {
        MempoolAcceptResult result = Assert.Single(await Call(RecordedReplies.TestMempoolAcceptAllowed, c => c.TestMempoolAcceptAsync([Recorded.ConfirmedTransaction()])));

        Assert.Equal(TxId.Parse("7f66b42e210a97bb27b1d7ce9a14d2203efdcf7bcd2a765ad36c87e2114a2397"), result.TxId);
        Assert.Equal(TxId.Parse("ae3b80c6c28d44878c9af4393e269bae5b32def8d424b6450d887123171e65ab"), result.WitnessTxId);
        Assert.True(result.Allowed);
        Assert.Equal(141, result.VirtualSize);
        Assert.Equal(new Satoshis(2820), result.BaseFee);
        Assert.Null(result.RejectReason);
    }

    [Fact]
    public async Task Testmempoolaccept_rejected_has_bitcoinds_reason()
    {
        MempoolAcceptResult result = Assert.Single(await Call(RecordedReplies.TestMempoolAcceptBadSignature, c => c.TestMempoolAcceptAsync([Recorded.ConfirmedTransaction()])));

        Assert.False(result.Allowed);
        Assert.Equal("mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)", result.RejectReason);
        Assert.StartsWith(result.RejectReason, result.RejectDetails, StringComparison.Ordinal);
        Assert.Null(result.VirtualSize);
        Assert.Null(result.BaseFee);
    }

    [Fact]
    public async Task Testmempoolaccept_package_member_not_validated_has_no_allowed()
    {
        string reply = """{"result":[{"txid":"4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af","wtxid":"f163a164f1c9a54e36296032d7f61c69d0257c8d73f6d27249e17c7b064aaf7f","package-error":"package-not-child-with-unconfirmed-parents"}],"error":null,"id":7}""";

        MempoolAcceptResult result = Assert.Single(await Call(reply, c => c.TestMempoolAcceptAsync([Recorded.ConfirmedTransaction()])));

        Assert.Null(result.Allowed);
        Assert.Equal("package-not-child-with-unconfirmed-parents", result.PackageError);
    }

    [Fact]
    public async Task Testmempoolaccept_with_a_result_count_other_than_the_transaction_count_is_a_protocol_error()
    {
        await Assert.ThrowsAsync<BitcoindProtocolException>(() =>
            Call(RecordedReplies.TestMempoolAcceptAllowed, c => c.TestMempoolAcceptAsync([Recorded.ConfirmedTransaction(), Recorded.ConfirmedTransaction()])));
    }

    [Fact]
    public async Task Estimatesmartfee_without_data_has_errors_and_no_rate()
    {
        SmartFeeEstimate estimate = await Call(RecordedReplies.EstimateSmartFeeNoData, c => c.EstimateSmartFeeAsync(6));

        Assert.Null(estimate.FeeRatePerKilovbyte);
        Assert.Equal<string>(["Insufficient data or no feerate found"], estimate.Errors);
        Assert.Equal(0, estimate.Blocks);
    }

    [Fact]
    public async Task Estimatesmartfee_with_data_converts_btc_per_kvb_exactly()
    {
        SmartFeeEstimate estimate = await Call(FakeReply.Result("""{"feerate":0.00012345,"blocks":2}"""), c => c.EstimateSmartFeeAsync(2));

        Assert.Equal(new Satoshis(12_345), estimate.FeeRatePerKilovbyte);
        Assert.Empty(estimate.Errors);
        Assert.Equal(2, estimate.Blocks);
    }

    [Fact]
    public async Task Sendrawtransaction_returns_the_txid_it_was_given()
    {
        Transaction tx = Recorded.ConfirmedTransaction();

        Assert.Equal(tx.GetTxId(), await Call(FakeReply.Result($"\"{tx.GetTxId()}\""), c => c.SendRawTransactionAsync(tx)));
    }

    [Fact]
    public async Task Sendrawtransaction_answering_another_txid_is_a_protocol_error()
    {
        await Assert.ThrowsAsync<BitcoindProtocolException>(() =>
            Call(FakeReply.Result("\"0000000000000000000000000000000000000000000000000000000000000001\""), c => c.SendRawTransactionAsync(Recorded.ConfirmedTransaction())));
    }

    [Fact]
    public async Task Createwallet_and_loadwallet()
    {
        WalletLoadResult created = await Call(RecordedReplies.CreateWallet, c => c.CreateWalletAsync("rec"));
        WalletLoadResult v25 = await Call(FakeReply.Result("""{"name":"old","warning":"Empty string given as passphrase"}"""), c => c.LoadWalletAsync("old"));

        Assert.Equal("rec", created.Name);
        Assert.Empty(created.Warnings);
        Assert.Equal<string>(["Empty string given as passphrase"], v25.Warnings);
    }

    [Fact]
    public async Task Getnewaddress_is_a_regtest_p2wpkh_address()
    {
        SegwitAddress address = await Call(RecordedReplies.GetNewAddress, c => c.GetNewAddressAsync());

        Assert.Equal(Network.Regtest, address.Network);
        Assert.Equal(0, address.WitnessVersion);
        Assert.Equal("bcrt1qleqpgrdkn3ph7s6dthl6h39kx2jkr8tx50cekt", address.ToString());
    }

    [Fact]
    public async Task Generatetoaddress_sendtoaddress_getbalance()
    {
        Assert.Equal<BlockHash>(
            [BlockHash.Parse("7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5")],
            await Call(RecordedReplies.GenerateToAddressOneBlock, c => c.GenerateToAddressAsync(1, "bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3")));
        Assert.Equal(Payment, await Call(RecordedReplies.SendToAddress, c => c.SendToAddressAsync("bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3", new Satoshis(10_000_000))));
        Assert.Equal(new Satoshis(5_000_000_000), await Call(RecordedReplies.GetBalance, c => c.GetBalanceAsync()));
    }

    [Fact]
    public async Task Listunspent()
    {
        UnspentOutput output = Assert.Single(await Call(RecordedReplies.ListUnspent, c => c.ListUnspentAsync()));

        Assert.Equal(new OutPoint(Payment, 0), output.OutPoint);
        Assert.Equal("bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3", output.Address);
        Assert.Equal(new Satoshis(10_000_000), output.Amount);
        Assert.Equal("00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e", output.ScriptPubKey.ToString());
        Assert.Equal(1, output.Confirmations);
        Assert.True(output.Spendable && output.Solvable && output.Safe);
    }
}
