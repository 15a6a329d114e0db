using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>Typed results of the node and transaction calls, parsed from replies recorded from Bitcoin Core v31.</summary>
public sealed class ChainResultParsingTests
{
    private static readonly BlockHash Tip = BlockHash.Parse("7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5");
    private static readonly TxId Payment = TxId.Parse("4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af");

    [Fact]
    public async Task Getblockchaininfo()
    {
        BlockchainInfo info = await Call(RecordedReplies.GetBlockchainInfo, c => c.GetBlockchainInfoAsync());

        Assert.Equal("regtest", info.Chain);
        Assert.Equal(102, info.Blocks);
        Assert.Equal(102, info.Headers);
        Assert.Equal(Tip, info.BestBlockHash);
        Assert.Equal(4.656542373906925e-10, info.Difficulty);
        Assert.Equal(1795321238, info.MedianTime);
        Assert.Equal(1.0, info.VerificationProgress);
        Assert.False(info.InitialBlockDownload);
        Assert.False(info.Pruned);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public async Task Getblockchaininfo_before_v28_had_warnings_as_one_string()
    {
        string v25 = """{"result":{"chain":"regtest","blocks":0,"headers":0,"bestblockhash":"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206","difficulty":4.656542373906925e-10,"time":1296688602,"mediantime":1296688602,"verificationprogress":1,"initialblockdownload":true,"chainwork":"0000000000000000000000000000000000000000000000000000000000000002","size_on_disk":293,"pruned":false,"warnings":"This is a pre-release test build"},"error":null,"id":7}""";

        BlockchainInfo info = await Call(v25, c => c.GetBlockchainInfoAsync());

        Assert.Equal<string>(["This is a pre-release test build"], info.Warnings);
        Assert.True(info.InitialBlockDownload);
    }

    [Fact]
    public async Task Getnetworkinfo()
    {
        NetworkInfo info = await Call(RecordedReplies.GetNetworkInfo, c => c.GetNetworkInfoAsync());

        Assert.Equal(310000, info.Version);
        Assert.Equal("/Satoshi:31.0.0/", info.Subversion);
        Assert.Equal(70016, info.ProtocolVersion);
        Assert.Equal(0, info.Connections);
        Assert.Equal(new Satoshis(100), info.RelayFeePerKilovbyte);
        Assert.Equal(new Satoshis(100), info.IncrementalFeePerKilovbyte);
    }

    [Fact]
    public async Task Getblockcount_getbestblockhash_getblockhash()
    {
        Assert.Equal(102, await Call(RecordedReplies.GetBlockCount, c => c.GetBlockCountAsync()));
        Assert.Equal(Tip, await Call(RecordedReplies.GetBestBlockHash, c => c.GetBestBlockHashAsync()));
        Assert.Equal(Tip, await Call(RecordedReplies.GetBlockHash, c => c.GetBlockHashAsync(102)));
    }

    [Fact]
    public async Task Getblock_verbosity_1()
    {
        BlockInfo block = await Call(RecordedReplies.GetBlockVerbose, c => c.GetBlockAsync(Tip));

        Assert.Equal(Tip, block.Hash);
        Assert.Equal(1, block.Confirmations);
        Assert.Equal(102, block.Height);
        Assert.Equal(0x20000000, block.Version);
        Assert.Equal("da28b497b8cb26ca33cd001844453d8c39fd45fd37fbbb8bb74a3fa2ad0e3dce", block.MerkleRoot);
        Assert.Equal(1795321239, block.Time);
        Assert.Equal(1u, block.Nonce);
        Assert.Equal("207fffff", block.Bits);
        Assert.Equal(BlockHash.Parse("5621c739346f557556cdea688c11ee6cab42e8c4b8ec63441c5c95ac20160506"), block.PreviousBlockHash);
        Assert.Null(block.NextBlockHash);
        Assert.Equal((326, 471, 1449), (block.StrippedSize, block.Size, block.Weight));
        Assert.Equal<TxId>([TxId.Parse("304c1dcd8e2ad622f8464eb0fb362ebda868e9c706cd2dbb0659f40285f99a07"), Payment], block.TxIds);
    }

    [Fact]
    public async Task Getblock_verbosity_0_returns_bytes_whose_header_hashes_to_the_block_hash()
    {
        byte[] block = await Call(RecordedReplies.GetBlockRaw, c => c.GetRawBlockAsync(Tip));

        Assert.Equal(471, block.Length);
        Assert.Equal(Tip, BlockHash.OfHeader(block));
    }

    [Fact]
    public async Task Getrawtransaction_hex_parses_the_transaction()
    {
        Transaction tx = await Call(RecordedReplies.GetRawTransactionHex, c => c.GetRawTransactionAsync(Payment));

        Assert.Equal(Payment, tx.GetTxId());
        Assert.Equal(TxId.Parse("f163a164f1c9a54e36296032d7f61c69d0257c8d73f6d27249e17c7b064aaf7f"), tx.GetWitnessTxId());
        Assert.Equal(561, tx.Weight);
        Assert.Equal(49u, tx.LockTime);
        Assert.Contains(tx.Outputs, output => output.Value == new Satoshis(10_000_000));
    }

    [Fact]
    public async Task Getrawtransaction_verbose_confirmed()
    {
        RawTransactionInfo info = await Call(RecordedReplies.GetRawTransactionConfirmed, c => c.GetRawTransactionInfoAsync(Payment));

        Assert.Equal(Payment, info.TxId);
        Assert.Equal(Payment, info.Transaction.GetTxId());
        Assert.Equal(TxId.Parse("f163a164f1c9a54e36296032d7f61c69d0257c8d73f6d27249e17c7b064aaf7f"), info.WitnessTxId);
        Assert.Equal((222, 141, 561), (info.Size, info.VirtualSize, info.Weight));
        Assert.Equal(Tip, info.BlockHash);
        Assert.Equal(1, info.Confirmations);
        Assert.Equal(1795321239, info.BlockTime);
    }

    [Fact]
    public async Task Getrawtransaction_verbose_in_mempool_has_no_block()
    {
        RawTransactionInfo info = await Call(RecordedReplies.GetRawTransactionInMempool, c => c.GetRawTransactionInfoAsync(Payment));

        Assert.Null(info.BlockHash);
        Assert.Null(info.Confirmations);
        Assert.Null(info.BlockTime);
    }

    [Fact]
    public async Task Gettxout_confirmed_and_in_mempool()
    {
        TxOutInfo? confirmed = await Call(RecordedReplies.GetTxOutConfirmed, c => c.GetTxOutAsync(new OutPoint(Payment, 0)));
        TxOutInfo? pending = await Call(RecordedReplies.GetTxOutInMempool, c => c.GetTxOutAsync(new OutPoint(Payment, 0)));

        Assert.NotNull(confirmed);
        Assert.Equal(Tip, confirmed.BestBlock);
        Assert.Equal(1, confirmed.Confirmations);
        Assert.Equal(new Satoshis(10_000_000), confirmed.Value);
        Assert.Equal("00141d3b5b8cedbff8c6a0a8980d0cc32843ba9bfb3e", confirmed.ScriptPubKey.ToString());
        Assert.Equal("witness_v0_keyhash", confirmed.ScriptType);
        Assert.Equal("bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3", confirmed.Address);
        Assert.False(confirmed.IsCoinbase);
        Assert.Equal(0, pending!.Confirmations);
    }

    [Fact]
    public async Task Gettxout_of_a_spent_or_unknown_output_is_null()
    {
        Assert.Null(await Call(FakeReply.Result("null"), c => c.GetTxOutAsync(new OutPoint(Payment, 7))));
    }

    [Fact]
    public async Task Getrawmempool()
    {
        Assert.Equal<TxId>([Payment], await Call(RecordedReplies.GetRawMempool, c => c.GetRawMempoolAsync()));
    }

    internal static Task<T> Call<T>(string recordedReply, Func<BitcoindRpcClient, Task<T>> call) =>
        Call(FakeReply.Recorded(recordedReply), call);

    internal static async Task<T> Call<T>(FakeReply reply, Func<BitcoindRpcClient, Task<T>> call)
    {
        using var fake = FakeBitcoind.Start(reply);
        using var client = fake.Client();
        return await call(client);
    }
}
