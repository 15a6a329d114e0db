using Microchannels.Bitcoin;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Rpc;

/// <summary>
/// bitcoind's answers that are errors map to one exception type each, and an
/// answer is never retried: repeating a rejected request cannot help.
/// </summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public async Task A_rejected_transaction_surfaces_bitcoinds_code_and_reason_verbatim_after_exactly_one_request()
    {
        using var fake = FakeBitcoind.Start(FakeReply.RecordedError(RecordedReplies.SendRawTransactionBadSignature));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.SendRawTransactionAsync(Recorded.ConfirmedTransaction()));

        Assert.Equal(RpcErrorCode.VerifyRejected, e.Code);
        Assert.Equal(Recorded.ErrorMessageOf(RecordedReplies.SendRawTransactionBadSignature), e.RpcMessage);
        Assert.StartsWith("mempool-script-verify-flag-failed (Signature must be zero", e.RpcMessage, StringComparison.Ordinal);
        Assert.Equal("sendrawtransaction", e.Method);
        Assert.Equal(500, e.HttpStatus);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent")]
    [InlineData(RpcErrorCode.VerifyRejected, "bad-txns-in-belowout, value in (0.0001) < value out (0.0002)")]
    [InlineData(RpcErrorCode.VerifyAlreadyInUtxoSet, "Transaction outputs already in utxo set")]
    [InlineData(RpcErrorCode.DeserializationError, "TX decode failed. Make sure the tx has at least one input.")]
    [InlineData(RpcErrorCode.MiscError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)")]
    public async Task Sendrawtransaction_errors_are_never_retried(int code, string message)
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(code, message));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.SendRawTransactionAsync(Recorded.ConfirmedTransaction()));

        Assert.Equal((code, message), (e.Code, e.RpcMessage));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_unknown_wallet_is_an_rpc_error_minus_18_and_not_retried()
    {
        using var fake = FakeBitcoind.Start(FakeReply.RecordedError(RecordedReplies.WalletNotFound));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.ForWallet("nope").GetBalanceAsync());

        Assert.Equal(RpcErrorCode.WalletNotFound, e.Code);
        Assert.Equal("Requested wallet does not exist or is not loaded", e.RpcMessage);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task An_unknown_method_comes_with_http_404_and_a_body_and_is_an_rpc_error()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(RpcErrorCode.MethodNotFound, "Method not found", status: 404));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.GetBlockCountAsync());

        Assert.Equal((RpcErrorCode.MethodNotFound, 404), (e.Code, e.HttpStatus));
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Loading_a_loaded_wallet_is_an_rpc_error_minus_35()
    {
        using var fake = FakeBitcoind.Start(FakeReply.RecordedError(RecordedReplies.LoadWalletAlreadyLoaded));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.LoadWalletAsync("rec"));

        Assert.Equal(RpcErrorCode.WalletAlreadyLoaded, e.Code);
        Assert.Equal("Wallet \"rec\" is already loaded.", e.RpcMessage);
    }

    [Fact]
    public async Task An_error_object_with_http_200_as_json_rpc_2_0_sends_it_is_still_an_rpc_error()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(RpcErrorCode.InvalidParameter, "Block height out of range", status: 200));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindRpcException>(() => client.GetBlockHashAsync(1000));

        Assert.Equal(RpcErrorCode.InvalidParameter, e.Code);
    }

    [Fact]
    public async Task Http_401_is_an_authentication_error_naming_the_credentials_and_is_not_retried()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(401, string.Empty));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => client.GetBlockCountAsync());

        Assert.Equal(401, e.HttpStatus);
        Assert.Contains("RPC user 'alice'", e.Message, StringComparison.Ordinal);
        Assert.Contains("cookie", e.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task Http_401_with_a_cookie_names_the_cookie_file()
    {
        using var temp = new TempDirectory();
        string cookie = Path.Combine(temp.Path, ".cookie");
        await File.WriteAllTextAsync(cookie, "__cookie__:stale");
        using var fake = FakeBitcoind.Start(FakeReply.Plain(401, string.Empty));
        using var client = new BitcoindRpcClient(new BitcoindRpcOptions(fake.Endpoint, BitcoindCredentials.FromCookieFile(cookie)));

        var e = await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => client.GetBlockCountAsync());

        Assert.Contains(cookie, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_403_is_an_authentication_error()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(403, string.Empty));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => client.GetBlockCountAsync());

        Assert.Equal(403, e.HttpStatus);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_cookie_file_without_a_colon_is_an_authentication_error()
    {
        using var temp = new TempDirectory();
        string cookie = Path.Combine(temp.Path, ".cookie");
        await File.WriteAllTextAsync(cookie, "garbage");
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.GetBlockCount));
        using var client = new BitcoindRpcClient(new BitcoindRpcOptions(fake.Endpoint, BitcoindCredentials.FromCookieFile(cookie)));

        await Assert.ThrowsAsync<BitcoindAuthenticationException>(() => client.GetBlockCountAsync());
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Sending_a_non_positive_amount_is_refused_before_any_request()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Recorded(RecordedReplies.SendToAddress));
        using var client = fake.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SendToAddressAsync("bcrt1qr5a4hr8dhluvdg9gnqxseseggwafh7e79exhv3", Satoshis.Zero));
        Assert.Empty(fake.Requests);
    }
}
