using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>
/// A reply that is not what bitcoind sends is a <see cref="BitcoindProtocolException"/>
/// naming the method, never a crash and never retried.
/// </summary>
public sealed class MalformedReplyTests
{
    private static readonly TxId Payment = TxId.Parse("4f0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af");
    private static readonly BlockHash Tip = BlockHash.Parse("7baee6c5126b44ad45a8b0a90c544a35cf95e2a60fce3ebb2cb3d24278a1ebc5");

    public static TheoryData<string, FakeReply, Func<BitcoindRpcClient, Task>> Cases() => new()
    {
        { "missing field", FakeReply.Result("""{"blocks":1}"""), c => c.GetBlockchainInfoAsync() },
        { "string where a number belongs", FakeReply.Result("\"102\""), c => c.GetBlockCountAsync() },
        { "number beyond 32 bits", FakeReply.Result("4294967296"), c => c.GetBlockCountAsync() },
        { "amount with a ninth decimal", FakeReply.Result("0.000000001"), c => c.GetBalanceAsync() },
        { "amount beyond MAX_MONEY", FakeReply.Result("21000000.00000001"), c => c.GetBalanceAsync() },
        { "txid that is not hex", FakeReply.Result("""["zz0a57fd0d30346193d467d5fc3747b0fbf0a0733f454bfbfa71f3b3285477af"]"""), c => c.GetRawMempoolAsync() },
        { "txid of the wrong length", FakeReply.Result("""["4f0a"]"""), c => c.GetRawMempoolAsync() },
        { "transaction hex that does not parse", FakeReply.Result("\"0200000000\""), c => c.GetRawTransactionAsync(Payment) },
        { "transaction other than the one asked for", FakeReply.Recorded(RecordedReplies.GetRawTransactionHex), c => c.GetRawTransactionAsync(TxId.Zero) },
        { "verbose txid that disagrees with its hex", FakeReply.Recorded(RecordedReplies.GetRawTransactionConfirmed.Replace("\"txid\":\"4f0a", "\"txid\":\"5f0a", StringComparison.Ordinal)), c => c.GetRawTransactionInfoAsync(Payment) },
        { "raw block that is not the block asked for", FakeReply.Recorded(RecordedReplies.GetBlockRaw.Replace("\"00000020", "\"00000030", StringComparison.Ordinal)), c => c.GetRawBlockAsync(Tip) },
        { "raw block shorter than a header", FakeReply.Result("\"00000020\""), c => c.GetRawBlockAsync(Tip) },
        { "block whose nTx disagrees with its txids", FakeReply.Recorded(RecordedReplies.GetBlockVerbose.Replace("\"nTx\":2", "\"nTx\":3", StringComparison.Ordinal)), c => c.GetBlockAsync(Tip) },
        { "fewer block hashes than blocks mined", FakeReply.Result("[]"), c => c.GenerateToAddressAsync(1, "bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3") },
        { "address that is not segwit", FakeReply.Result("\"mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn\""), c => c.GetNewAddressAsync() },
        { "negative fee rate", FakeReply.Result("""{"feerate":-0.0001,"blocks":2}"""), c => c.EstimateSmartFeeAsync(2) },
        { "body that is not JSON", FakeReply.Plain(200, "<html>proxy</html>"), c => c.GetBlockCountAsync() },
        { "JSON that is not a reply object", FakeReply.Plain(200, "[1,2]"), c => c.GetBlockCountAsync() },
        { "reply for another id", FakeReply.Plain(200, """{"result":1,"error":null,"id":99999999}"""), c => c.GetBlockCountAsync() },
        { "reply without an id", FakeReply.Plain(200, """{"result":1,"error":null}"""), c => c.GetBlockCountAsync() },
        { "neither result nor error", FakeReply.Plain(200, """{"error":null,"id":7}"""), c => c.GetBlockCountAsync() },
        { "error that is not an object", FakeReply.Plain(500, """{"result":null,"error":"boom","id":7}"""), c => c.GetBlockCountAsync() },
        { "error object without a message", FakeReply.Plain(500, """{"result":null,"error":{"code":-1},"id":7}"""), c => c.GetBlockCountAsync() },
        { "HTTP 404 without a JSON-RPC body", FakeReply.Plain(404, string.Empty), c => c.GetBlockCountAsync() },
        { "HTTP 405 without a JSON-RPC body", FakeReply.Plain(405, "JSONRPC server handles only POST requests"), c => c.GetBlockCountAsync() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_a_protocol_exception_and_is_not_retried(string name, FakeReply reply, Func<BitcoindRpcClient, Task> call)
    {
        using var fake = FakeBitcoind.Start(reply);
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindProtocolException>(() => call(client));

        Assert.NotEmpty(e.Method);
        Assert.Contains(e.Method, e.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
        Assert.NotNull(name);
    }

    [Fact]
    public async Task Http_404_says_the_endpoint_does_not_exist()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(404, string.Empty));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindProtocolException>(() => client.ForWallet("w").GetBalanceAsync());

        Assert.Equal(404, e.HttpStatus);
        Assert.Contains("wallet support", e.Message, StringComparison.Ordinal);
    }
}
