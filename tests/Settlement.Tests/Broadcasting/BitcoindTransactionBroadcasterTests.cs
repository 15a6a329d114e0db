using Microchannels.Bitcoin.Chain;
using Microchannels.Bitcoin.Transactions;
using Microchannels.Settlement.Broadcasting;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;

namespace Microchannels.Settlement.Tests.Broadcasting;

/// <summary>
/// The broadcaster against scripted bitcoind answers: a transaction already in the mempool
/// or the chain counts as broadcast (ITransactionBroadcaster: "broadcasting the same
/// transaction twice must be harmless"); any other refusal is a typed error carrying
/// bitcoind's reason, sent exactly once.
/// </summary>
public sealed class BitcoindTransactionBroadcasterTests
{
    private static readonly Transaction Payment = Recorded.ConfirmedTransaction();

    private static string Accepted => $"\"{Payment.GetTxId()}\"";

    [Fact]
    public async Task An_accepted_transaction_is_in_the_mempool_after_one_sendrawtransaction()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Result(Accepted));
        using var client = fake.Client();

        Assert.Equal(BroadcastOutcome.InMempool, await new BitcoindTransactionBroadcaster(client).SendAsync(Payment));

        RecordedRequest request = fake.SingleRequest;
        Assert.Equal("sendrawtransaction", request.Method);
        Assert.Equal($"[\"{Convert.ToHexStringLower(TransactionSerializer.Serialize(Payment))}\"]", request.Params);
    }

    [Fact]
    public async Task Broadcasting_the_same_transaction_again_after_it_confirmed_is_harmless()
    {
        using var fake = FakeBitcoind.Start(
            FakeReply.Result(Accepted),
            FakeReply.RecordedError(RecordedReplies.SendRawTransactionAlreadyConfirmed));
        using var client = fake.Client();
        ITransactionBroadcaster broadcaster = new BitcoindTransactionBroadcaster(client);

        await broadcaster.BroadcastAsync(Payment, CancellationToken.None);
        await broadcaster.BroadcastAsync(Payment, CancellationToken.None);

        Assert.Equal(2, fake.Requests.Count);
    }

    [Theory]
    [InlineData(RpcErrorCode.VerifyAlreadyInUtxoSet, "Transaction outputs already in utxo set", BroadcastOutcome.AlreadyConfirmed)]
    [InlineData(RpcErrorCode.VerifyAlreadyInUtxoSet, "Transaction already in block chain", BroadcastOutcome.AlreadyConfirmed)]
    [InlineData(RpcErrorCode.VerifyRejected, "txn-already-known", BroadcastOutcome.AlreadyConfirmed)]
    [InlineData(RpcErrorCode.VerifyRejected, "txn-already-in-mempool", BroadcastOutcome.InMempool)]
    [InlineData(RpcErrorCode.VerifyRejected, "txn-same-nonwitness-data-in-mempool", BroadcastOutcome.InMempool)]
    public async Task A_transaction_bitcoind_already_has_counts_as_broadcast_without_a_second_request(int code, string message, BroadcastOutcome expected)
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(code, message));
        using var client = fake.Client();

        Assert.Equal(expected, await new BitcoindTransactionBroadcaster(client).SendAsync(Payment));
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData(RpcErrorCode.VerifyRejected, "non-BIP68-final", "non-BIP68-final", null)]
    [InlineData(RpcErrorCode.VerifyRejected, "min relay fee not met, 110 < 141", "min relay fee not met", "110 < 141")]
    [InlineData(RpcErrorCode.VerifyRejected, "bad-txns-in-belowout, value in (0.0001) < value out (0.0002)", "bad-txns-in-belowout", "value in (0.0001) < value out (0.0002)")]
    [InlineData(RpcErrorCode.VerifyError, "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)", "Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)", null)]
    [InlineData(RpcErrorCode.DeserializationError, "TX decode failed. Make sure the tx has at least one input.", "TX decode failed. Make sure the tx has at least one input.", null)]
    public async Task A_refusal_is_a_typed_error_with_bitcoinds_reason_and_is_sent_once(int code, string message, string reason, string? details)
    {
        using var fake = FakeBitcoind.Start(FakeReply.Error(code, message));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<TransactionRejectedException>(() => new BitcoindTransactionBroadcaster(client).SendAsync(Payment));

        Assert.Equal((Payment.GetTxId(), code, message), (e.TxId, e.Code, e.RpcMessage));
        Assert.Equal((reason, details), (e.Reason, e.Details));
        Assert.Equal("sendrawtransaction", e.Method);
        var inner = Assert.IsType<BitcoindRpcException>(e.InnerException);
        Assert.Equal(code, inner.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_bad_signature_keeps_bitcoinds_recorded_reason_and_details()
    {
        using var fake = FakeBitcoind.Start(FakeReply.RecordedError(RecordedReplies.SendRawTransactionBadSignature));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<TransactionRejectedException>(() => new BitcoindTransactionBroadcaster(client).SendAsync(Payment));

        Assert.Equal("mempool-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)", e.Reason);
        Assert.StartsWith("input 0 of 7f66b42e", e.Details, StringComparison.Ordinal);
        Assert.Equal(RpcErrorCode.VerifyRejected, e.Code);
    }

    [Fact]
    public async Task Missing_inputs_of_a_transaction_that_is_itself_confirmed_count_as_already_confirmed()
    {
        // Its outputs were spent in turn, so bitcoind cannot see it in the UTXO set; -txindex can.
        using var fake = FakeBitcoind.Start(
            FakeReply.Error(RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent"),
            FakeReply.Recorded(RecordedReplies.GetRawTransactionConfirmed));
        using var client = fake.Client();

        Assert.Equal(BroadcastOutcome.AlreadyConfirmed, await new BitcoindTransactionBroadcaster(client).SendAsync(Payment));

        Assert.Equal(["sendrawtransaction", "getrawtransaction"], fake.Requests.Select(r => r.Method));
        Assert.Equal($"[\"{Payment.GetTxId()}\",true]", fake.Requests[1].Params);
    }

    [Fact]
    public async Task Missing_inputs_of_a_transaction_bitcoind_does_not_know_is_a_rejection()
    {
        // A conflicting transaction spent the inputs (or they never existed).
        using var fake = FakeBitcoind.Start(
            FakeReply.Error(RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent"),
            FakeReply.Error(RpcErrorCode.InvalidAddressOrKey, "No such mempool or blockchain transaction. Use gettransaction for wallet transactions."));
        using var client = fake.Client();

        var e = await Assert.ThrowsAsync<TransactionRejectedException>(() => new BitcoindTransactionBroadcaster(client).SendAsync(Payment));

        Assert.Equal((RpcErrorCode.VerifyError, "bad-txns-inputs-missingorspent"), (e.Code, e.Reason));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_busy_node_is_retried_by_the_client_policy_and_then_accepts()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(503, "Work queue depth exceeded"), FakeReply.Result(Accepted));
        using var client = fake.Client();

        Assert.Equal(BroadcastOutcome.InMempool, await new BitcoindTransactionBroadcaster(client).SendAsync(Payment));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_node_is_not_a_rejection()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Plain(503, "Request rejected during server shutdown"));
        using var client = fake.Client(options => options with { MaxRetries = 1 });

        await Assert.ThrowsAsync<BitcoindUnavailableException>(() => new BitcoindTransactionBroadcaster(client).SendAsync(Payment));
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public async Task A_null_transaction_or_client_is_refused()
    {
        using var fake = FakeBitcoind.Start(FakeReply.Result(Accepted));
        using var client = fake.Client();

        Assert.Throws<ArgumentNullException>(() => new BitcoindTransactionBroadcaster(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => new BitcoindTransactionBroadcaster(client).SendAsync(null!));
        Assert.Empty(fake.Requests);
    }
}
