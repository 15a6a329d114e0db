using Microchannels.Bitcoin;
using Microchannels.Bitcoin.Transactions;
using Microchannels.EmbeddedChain.Validation;
using Microchannels.Settlement.Rpc;
using Microchannels.Settlement.Tests.Support;
using Xunit.Abstractions;
using static Microchannels.Settlement.Tests.Regtest.TestAmounts;

namespace Microchannels.Settlement.Tests.Regtest;

/// <summary>
/// Each way a transaction is refused, with bitcoind's exact reject reason and RPC error code,
/// through both testmempoolaccept and sendrawtransaction. Run against the SIMULATED embedded
/// chain always and against bitcoind where one is found, so the embedded chain is held to
/// bitcoind's words (issue #13 "Embedded chain against bitcoind").
/// </summary>
public sealed class RejectReasonTests(ITestOutputHelper output)
{
    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_bad_signature_is_a_script_verify_failure(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction bad = TestKey.WithCorruptedSignature(key.Spend(funded, Funding, key.ScriptPubKey, Fee));

        // v30 reports the standard-flags failure (NULLFAIL); before it, the consensus-flags one (#33183).
        string expected = ScriptVerifyFailure(node, "Signature must be zero for failed CHECK(MULTI)SIG operation", "Script evaluated without error but finished with a false/empty top stack element");
        await AssertRefusedAsync(node, bad, expected, RpcErrorCode.VerifyRejected);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_spend_of_a_spent_output_is_missing_or_spent(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        await node.Rpc.SendRawTransactionAsync(key.Spend(funded, Funding, key.ScriptPubKey, Fee));
        await node.MineAsync(1);

        Transaction again = key.Spend(funded, Funding, key.ScriptPubKey, Fee + Fee);

        await AssertRefusedAsync(node, again, "bad-txns-inputs-missingorspent", RpcErrorCode.VerifyError);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_spend_of_an_output_that_never_existed_is_missing_or_spent(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        var nowhere = new OutPoint(TxId.Parse(new string('7', 64)), 0);

        await AssertRefusedAsync(node, key.Spend(nowhere, Funding, key.ScriptPubKey, Fee), "bad-txns-inputs-missingorspent", RpcErrorCode.VerifyError);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Outputs_worth_more_than_the_inputs_are_a_fee_below_zero(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);

        // A fee of -1 satoshi.
        Transaction negative = key.Spend(funded, Funding, key.ScriptPubKey, new Satoshis(-1));

        string message = await AssertRefusedAsync(node, negative, "bad-txns-in-belowout", RpcErrorCode.VerifyRejected);
        Assert.Equal("bad-txns-in-belowout, value in (1.00) < value out (1.00000001)", message);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_relative_timelock_spend_is_non_BIP68_final_until_its_input_is_deep_enough(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var locked = new CsvLockedKey();
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(locked.Address, Funding);
        Transaction sweep = locked.Spend(funded, Funding, key.ScriptPubKey, Fee);

        // At depth 1 to 4 a 5-block relative lock is not met (BIP 68: the next block must be at least 5 above the input's).
        for (int depth = 1; depth < CsvLockedKey.Delay; depth++)
        {
            await AssertRefusedAsync(node, sweep, "non-BIP68-final", RpcErrorCode.VerifyRejected);
            await node.MineAsync(1);
        }

        MempoolAcceptResult accepted = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([sweep]));
        Assert.True(accepted.Allowed, accepted.RejectReason);
        Assert.Equal(sweep.GetTxId(), await node.Rpc.SendRawTransactionAsync(sweep));

        // A sequence below the script's delay satisfies BIP 68 but not OP_CHECKSEQUENCEVERIFY (BIP 112).
        OutPoint second = await node.FundAddressAsync(locked.Address, Funding);
        await node.MineAsync(CsvLockedKey.Delay);
        Transaction early = locked.Spend(second, Funding, key.ScriptPubKey, Fee, sequence: CsvLockedKey.Delay - 1);
        string expected = ScriptVerifyFailure(node, "Locktime requirement not satisfied", "Locktime requirement not satisfied");
        await AssertRefusedAsync(node, early, expected, RpcErrorCode.VerifyRejected);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task An_absolute_locktime_above_the_next_block_is_non_final(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        int height = await node.Rpc.GetBlockCountAsync();

        // nLockTime is a height: final once it is below the next block's height.
        Transaction late = key.Spend(funded, Funding, key.ScriptPubKey, Fee, TxIn.SequenceFinal - 1, (uint)height + 1);
        await AssertRefusedAsync(node, late, "non-final", RpcErrorCode.VerifyRejected);

        Transaction due = key.Spend(funded, Funding, key.ScriptPubKey, Fee, TxIn.SequenceFinal - 1, (uint)height);
        Assert.Equal(due.GetTxId(), await node.Rpc.SendRawTransactionAsync(due));
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_double_spend_of_a_mempool_transaction_must_pay_more_to_replace_it(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        using var other = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction first = key.Spend(funded, Funding, key.ScriptPubKey, Fee);
        await node.Rpc.SendRawTransactionAsync(first);

        // Full replace-by-fee is the default since v28; before it a non-signalling original could not be replaced.
        Transaction same = key.Spend(funded, Funding, other.ScriptPubKey, Fee);
        string message = await AssertRefusedAsync(node, same, node.NetworkInfo.Version >= 280000 ? "insufficient fee" : "txn-mempool-conflict", RpcErrorCode.VerifyRejected);
        output.WriteLine(message);
        Assert.Equal(first.GetTxId(), Assert.Single(await node.Rpc.GetRawMempoolAsync()));

        if (node.NetworkInfo.Version >= 280000)
        {
            Transaction more = key.Spend(funded, Funding, other.ScriptPubKey, Fee + Fee);
            Assert.Equal(more.GetTxId(), await node.Rpc.SendRawTransactionAsync(more));
            Assert.Equal(more.GetTxId(), Assert.Single(await node.Rpc.GetRawMempoolAsync()));
        }
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task A_coinbase_spent_before_100_confirmations_is_a_premature_spend(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain);
        using var key = new TestKey();
        BlockHash block = (await node.MineAsync(1, key.Address))[0];
        var coinbase = new OutPoint(Assert.Single((await node.Rpc.GetBlockAsync(block)).TxIds), 0);
        Satoshis value = (await node.Rpc.GetTxOutAsync(coinbase))!.Value;

        string message = await AssertRefusedAsync(node, key.Spend(coinbase, value, key.ScriptPubKey, Fee), "bad-txns-premature-spend-of-coinbase", RpcErrorCode.VerifyRejected);
        Assert.Equal("bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth 1", message);
    }

    [Theory]
    [OnEmbeddedChain]
    [OnBitcoind]
    public async Task Below_a_raised_minimum_relay_fee_a_transaction_is_refused_unless_prioritised(RegtestChainKind chain)
    {
        await using TestChain node = await TestChain.StartAsync(chain, new RelayPolicy { MinRelayFeeRate = 5_000, IncrementalRelayFeeRate = 5_000 });
        using var key = new TestKey();
        OutPoint funded = await node.FundAddressAsync(key.Address, Funding);
        Transaction cheap = key.Spend(funded, Funding, key.ScriptPubKey, new Satoshis(200));
        Assert.Equal(new Satoshis(5_000), node.NetworkInfo.RelayFeePerKilovbyte);

        string message = await AssertRefusedAsync(node, cheap, "min relay fee not met", RpcErrorCode.VerifyRejected);
        Assert.Equal($"min relay fee not met, 200 < {(5_000 * cheap.VirtualSize + 999) / 1000}", message);

        // prioritisetransaction raises the fee the node counts (its "modified" fee), not the fee paid.
        await node.Rpc.CallAsync("prioritisetransaction", false, CancellationToken.None, cheap.GetTxId().ToString(), 0, 10_000);
        Assert.Equal(cheap.GetTxId(), await node.Rpc.SendRawTransactionAsync(cheap));
    }

    /// <summary>
    /// A script failure's reject reason: v30 reports the standard-flags check that failed
    /// (<paramref name="since30"/>), earlier versions the consensus-flags one (<paramref name="before30"/>), #33183.
    /// </summary>
    private static string ScriptVerifyFailure(TestChain node, string since30, string before30) =>
        node.NetworkInfo.Version >= 300000
            ? $"mempool-script-verify-flag-failed ({since30})"
            : $"mandatory-script-verify-flag-failed ({before30})";

    /// <summary>Both RPCs refuse <paramref name="tx"/> with <paramref name="reason"/>; returns sendrawtransaction's whole message.</summary>
    private async Task<string> AssertRefusedAsync(TestChain node, Transaction tx, string reason, int code)
    {
        MempoolAcceptResult result = Assert.Single(await node.Rpc.TestMempoolAcceptAsync([tx]));
        Assert.False(result.Allowed);
        Assert.Equal(reason, result.RejectReason);
        var refused = await Assert.ThrowsAsync<BitcoindRpcException>(() => node.Rpc.SendRawTransactionAsync(tx));
        Assert.Equal(code, refused.Code);
        Assert.StartsWith(reason, refused.RpcMessage, StringComparison.Ordinal);
        output.WriteLine($"{node.Name}: {refused.Code} {refused.RpcMessage}");
        return refused.RpcMessage;
    }
}
