using System.Net.Http.Headers;
using System.Text;
using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>What goes over the wire: JSON-RPC 1.0 bodies, the URI, and the Basic auth header.</summary>
public sealed class RequestBuildingTests
{
    private static readonly TxId SomeTxId = TxId.Parse("4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af");

    [Fact]
    public async Task A_call_posts_a_json_rpc_1_0_object_with_id_method_and_params()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockHash));
        using var client = fake.Client();

        await client.GetBlockHashAsync(102);

        RecordedRequest request = fake.SingleRequest;
        Assert.Equal("POST", request.HttpMethod);
        Assert.Equal("/", request.Path);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("1.0", request.Json.GetProperty("jsonrpc").GetString());
        Assert.Equal("getblockhash", request.Method);
        Assert.Equal("[102]", request.Params);
        Assert.True(request.Id > 0);
    }

    [Fact]
    public async Task Each_call_gets_a_new_id()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = fake.Client();

        await client.GetBlockCountAsync();
        await client.GetBlockCountAsync();

        Assert.NotEqual(fake.Requests[0].Id, fake.Requests[1].Id);
    }

    public static TheoryData<string, Func<BitcoindRpcClient, Task>, string, string> Calls() => new()
    {
        { "getblockchaininfo", c => c.GetBlockchainInfoAsync(), "[]", RecordedReplies.GetBlockchainInfo },
        { "getbestblockhash", c => c.GetBestBlockHashAsync(), "[]", RecordedReplies.GetBestBlockHash },
        { "getblock verbosity 1", c => c.GetBlockAsync(BlockHash.Parse("7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5")), "[\"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5\",1]", RecordedReplies.GetBlockVerbose },
        { "getblock verbosity 0", c => c.GetRawBlockAsync(BlockHash.Parse("7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5")), "[\"7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5\",0]", RecordedReplies.GetBlockRaw },
        { "getrawtransaction hex", c => c.GetRawTransactionAsync(SomeTxId), $"[\"{SomeTxId}\",false]", RecordedReplies.GetRawTransactionHex },
        { "getrawtransaction verbose", c => c.GetRawTransactionInfoAsync(SomeTxId), $"[\"{SomeTxId}\",true]", RecordedReplies.GetRawTransactionConfirmed },
        { "gettxout", c => c.GetTxOutAsync(new OutPoint(SomeTxId, 0)), $"[\"{SomeTxId}\",0,true]", RecordedReplies.GetTxOutConfirmed },
        { "gettxout confirmed only", c => c.GetTxOutAsync(new OutPoint(SomeTxId, 0), includeMempool: false), $"[\"{SomeTxId}\",0,false]", RecordedReplies.GetTxOutConfirmed },
        { "estimatesmartfee default mode", c => c.EstimateSmartFeeAsync(6), "[6]", RecordedReplies.EstimateSmartFeeNoData },
        { "estimatesmartfee conservative", c => c.EstimateSmartFeeAsync(6, FeeEstimateMode.Conservative), "[6,\"conservative\"]", RecordedReplies.EstimateSmartFeeNoData },
        { "estimatesmartfee economical", c => c.EstimateSmartFeeAsync(2, FeeEstimateMode.Economical), "[2,\"economical\"]", RecordedReplies.EstimateSmartFeeNoData },
        { "createwallet", c => c.CreateWalletAsync("rec"), "[\"rec\"]", RecordedReplies.CreateWallet },
        { "getnewaddress bech32", c => c.GetNewAddressAsync(), "[\"\",\"bech32\"]", RecordedReplies.GetNewAddress },
        { "generatetoaddress", c => c.GenerateToAddressAsync(1, "bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3"), "[1,\"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3\"]", RecordedReplies.GenerateToAddressOneBlock },
        { "getbalance", c => c.GetBalanceAsync(), "[]", RecordedReplies.GetBalance },
        { "listunspent", c => c.ListUnspentAsync(), "[1,9999999]", RecordedReplies.ListUnspent },
        { "listunspent for addresses", c => c.ListUnspentAsync(0, ["bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3"]), "[0,9999999,[\"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3\"]]", RecordedReplies.ListUnspent },
        { "getrawmempool", c => c.GetRawMempoolAsync(), "[]", RecordedReplies.GetRawMempool },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Typed_calls_send_bitcoinds_positional_params(string name, Func<BitcoindRpcClient, Task> call, string expectedParams, string reply)
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(reply));
        using var client = fake.Client();

        await call(client);

        Assert.Equal(name.Split(' ')[0], fake.SingleRequest.Method);
        Assert.Equal(expectedParams, fake.SingleRequest.Params);
    }

    [Fact]
    public async Task Amounts_are_sent_as_exact_decimal_btc_never_through_a_double()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.SendToAddress));
        using var client = fake.Client();

        await client.SendToAddressAsync("bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3", new Satoshis(10_000_001));

        Assert.Equal("[\"bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3\",0.10000001]", fake.SingleRequest.Params);
    }

    [Fact]
    public async Task Sendrawtransaction_and_testmempoolaccept_send_the_serialized_transaction_hex()
    {
        Transaction tx = Recorded.ConfirmedTransaction();
        string hex = Convert.ToHexStringLower(TransactionSerializer.Serialize(tx));
        using var fake = FakeBitcoind.Start(
            FakeReply.Result($"\"{tx.GetTxId()}\""),
            FakeReply.Recorded(RecordedReplies.TestMempoolAcceptAllowed));
        using var client = fake.Client();

        await client.SendRawTransactionAsync(tx, maxFeeRatePerKilovbyte: new Satoshis(0));
        await client.TestMempoolAcceptAsync([tx]);

        Assert.Equal($"[\"{hex}\",0.00000000]", fake.Requests[0].Params);
        Assert.Equal($"[[\"{hex}\"]]", fake.Requests[1].Params);
    }

    [Fact]
    public async Task Wallet_calls_go_to_the_escaped_wallet_path()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBalance));
        using var client = fake.Client();
        using var wallet = client.ForWallet("my wallet");

        await wallet.GetBalanceAsync();

        Assert.Equal("/wallet/my%20wallet", fake.SingleRequest.Path);
        Assert.Equal("my wallet", wallet.WalletName);
    }

    [Fact]
    public async Task User_and_password_become_a_basic_authorization_header()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = fake.Client();

        await client.GetBlockCountAsync();

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:secret")), fake.SingleRequest.Authorization);
    }

    [Fact]
    public async Task The_cookie_file_becomes_the_authorization_header_and_is_reread_when_bitcoind_rewrites_it()
    {
        using var temp = new TempDirectory();
        string cookie = Path.Combine(temp.Path, "regtest", ".cookie");
        Directory.CreateDirectory(Path.GetDirectoryName(cookie)!);
        await File.WriteAllTextAsync(cookie, "__cookie__:aaaa");
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = new BitcoindRpcClient(new BitcoindRpcOptions(fake.Endpoint, BitcoindCredentials.FromDataDirectory(temp.Path)));

        await client.GetBlockCountAsync();
        await File.WriteAllTextAsync(cookie, "__cookie__:bbbb");
        File.SetLastWriteTimeUtc(cookie, DateTime.UtcNow.AddSeconds(5));
        await client.GetBlockCountAsync();

        Assert.Equal(new AuthenticationHeaderValue("Basic", Base64("__cookie__:aaaa")).ToString(), fake.Requests[0].Authorization);
        Assert.Equal(new AuthenticationHeaderValue("Basic", Base64("__cookie__:bbbb")).ToString(), fake.Requests[1].Authorization);
    }

    [Fact]
    public void Credentials_never_show_the_password()
    {
        BitcoindCredentials credentials = BitcoindCredentials.FromUserPassword("alice", "secret");

        Assert.DoesNotContain("secret", credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains("alice", credentials.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_name_with_a_colon_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BitcoindCredentials.FromUserPassword("al:ice", "secret"));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
